namespace PatchSync.State.Schema;

/// <summary>
/// The schema, as an append-only list of versioned scripts. <c>PRAGMA user_version</c> holds the last
/// one applied; each is applied with the version bump in one transaction. Never edit a released step:
/// add a new one.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, """
            CREATE TABLE patches (
                tracker        TEXT    NOT NULL,
                project        TEXT    NOT NULL,
                patch_id       INTEGER NOT NULL,
                message_id     TEXT    NOT NULL,
                state          TEXT    NOT NULL,
                archived       INTEGER NOT NULL,
                tracker_marker TEXT,
                synced_at      TEXT    NOT NULL,
                PRIMARY KEY (tracker, project, patch_id)
            ) WITHOUT ROWID;

            CREATE TABLE messages (
                store      TEXT NOT NULL,
                message_id TEXT NOT NULL,
                tags       TEXT NOT NULL,
                location   TEXT,
                synced_at  TEXT NOT NULL,
                PRIMARY KEY (store, message_id)
            ) WITHOUT ROWID;

            CREATE TABLE checkpoints (
                scope      TEXT NOT NULL,
                key        TEXT NOT NULL,
                value      TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (scope, key)
            ) WITHOUT ROWID;

            CREATE TABLE outbox (
                id                INTEGER PRIMARY KEY AUTOINCREMENT,
                tracker           TEXT    NOT NULL,
                project           TEXT    NOT NULL,
                patch_id          INTEGER NOT NULL,
                message_id        TEXT    NOT NULL,
                expected_state    TEXT    NOT NULL,
                expected_archived INTEGER NOT NULL,
                desired_state     TEXT    NOT NULL,
                desired_archived  INTEGER NOT NULL,
                created_at        TEXT    NOT NULL,
                attempts          INTEGER NOT NULL DEFAULT 0,
                last_error        TEXT,
                UNIQUE (tracker, project, patch_id)
            );

            CREATE TABLE conflicts (
                id               INTEGER PRIMARY KEY AUTOINCREMENT,
                at               TEXT    NOT NULL,
                tracker          TEXT    NOT NULL,
                project          TEXT    NOT NULL,
                patch_id         INTEGER NOT NULL,
                message_id       TEXT    NOT NULL,
                base_state       TEXT,
                base_archived    INTEGER,
                tracker_state    TEXT    NOT NULL,
                tracker_archived INTEGER NOT NULL,
                mail_state       TEXT    NOT NULL,
                mail_archived    INTEGER NOT NULL,
                winner           TEXT    NOT NULL,
                reason           TEXT    NOT NULL
            );
            CREATE INDEX conflicts_patch ON conflicts (tracker, project, patch_id);

            CREATE TABLE runs (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                started_at TEXT NOT NULL,
                ended_at   TEXT,
                result     TEXT,
                counts     TEXT,
                timings    TEXT,
                error      TEXT
            );
            """),
        // Incremental runs look up only the patches whose mail changed, by Message-ID.
        new(2, """
            CREATE INDEX patches_message ON patches (tracker, project, message_id);
            """),
        // The tracker's last read value gets columns of its own next to the base (null: never synced), instead
        // of riding in tracker_marker as 'tracker:STATE[:archived]' or 'unsynced' (with the tracker's value in
        // state/archived); any other marker meant "the tracker holds the base". SQLite cannot make a column
        // nullable in place, so the table is rebuilt.
        new(3, """
            CREATE TABLE patches_v3 (
                tracker          TEXT    NOT NULL,
                project          TEXT    NOT NULL,
                patch_id         INTEGER NOT NULL,
                message_id       TEXT    NOT NULL,
                base_state       TEXT,
                base_archived    INTEGER,
                tracker_state    TEXT    NOT NULL,
                tracker_archived INTEGER NOT NULL,
                synced_at        TEXT    NOT NULL,
                PRIMARY KEY (tracker, project, patch_id)
            ) WITHOUT ROWID;

            INSERT INTO patches_v3 (tracker, project, patch_id, message_id, base_state, base_archived,
                                    tracker_state, tracker_archived, synced_at)
            SELECT tracker, project, patch_id, message_id,
                   CASE WHEN tracker_marker IS 'unsynced' THEN NULL ELSE state END,
                   CASE WHEN tracker_marker IS 'unsynced' THEN NULL ELSE archived END,
                   CASE
                       WHEN substr(tracker_marker, 1, 8) IS NOT 'tracker:' THEN state
                       WHEN substr(tracker_marker, -9) IS ':archived' THEN substr(tracker_marker, 9, length(tracker_marker) - 17)
                       ELSE substr(tracker_marker, 9)
                   END,
                   CASE
                       WHEN substr(tracker_marker, 1, 8) IS NOT 'tracker:' THEN archived
                       ELSE substr(tracker_marker, -9) IS ':archived'
                   END,
                   synced_at
            FROM patches;

            DROP TABLE patches;
            ALTER TABLE patches_v3 RENAME TO patches;
            CREATE INDEX patches_message ON patches (tracker, project, message_id);
            """),
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => All[^1].Version;
}
