namespace PatchSync.Server.Data.Migrations;

/// <summary>
/// Version 1: every table. Wide text (headers, content, diff) lives in *_bodies tables so list scans and
/// index-to-row fetches touch only narrow rows. Dates are UTC microseconds (see <see cref="DbTime"/>).
/// </summary>
internal static class InitialSchema
{
    public static Migration Migration { get; } = new(1, "initial schema", Sql);

    private const string Sql = """
        CREATE TABLE projects (
            id {pk},
            linkname TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            list_id TEXT NOT NULL UNIQUE,
            list_email TEXT NOT NULL DEFAULT '',
            web_url TEXT NOT NULL DEFAULT '',
            scm_url TEXT NOT NULL DEFAULT '',
            webscm_url TEXT NOT NULL DEFAULT '',
            list_archive_url TEXT NOT NULL DEFAULT '',
            list_archive_url_format TEXT NOT NULL DEFAULT '',
            commit_url_format TEXT NOT NULL DEFAULT '',
            subject_match TEXT NOT NULL DEFAULT '',
            change_seq BIGINT NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX ux_projects_linkname_lower ON projects (lower(linkname));

        CREATE TABLE users (
            id {pk},
            username TEXT NOT NULL,
            first_name TEXT NOT NULL DEFAULT '',
            last_name TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            token_hash TEXT NULL
        );
        CREATE UNIQUE INDEX ux_users_username_lower ON users (lower(username));
        CREATE UNIQUE INDEX ux_users_token_hash ON users (token_hash);

        CREATE TABLE people (
            id {pk},
            name TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL,
            email_lower TEXT NOT NULL UNIQUE,
            user_id BIGINT NULL REFERENCES users (id)
        );

        CREATE TABLE maintainers (
            project_id BIGINT NOT NULL REFERENCES projects (id),
            user_id BIGINT NOT NULL REFERENCES users (id),
            PRIMARY KEY (project_id, user_id)
        );
        CREATE INDEX ix_maintainers_user ON maintainers (user_id, project_id);

        CREATE TABLE states (
            id {pk},
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            ordering BIGINT NOT NULL,
            action_required BIGINT NOT NULL
        );
        INSERT INTO states (id, slug, name, ordering, action_required) VALUES
            (1, 'new', 'New', 0, 1),
            (2, 'under-review', 'Under Review', 1, 1),
            (3, 'accepted', 'Accepted', 2, 0),
            (4, 'rejected', 'Rejected', 3, 0),
            (5, 'rfc', 'RFC', 4, 0),
            (6, 'not-applicable', 'Not Applicable', 5, 0),
            (7, 'changes-requested', 'Changes Requested', 6, 0),
            (8, 'awaiting-upstream', 'Awaiting Upstream', 7, 0),
            (9, 'superseded', 'Superseded', 8, 0),
            (10, 'deferred', 'Deferred', 9, 0),
            (11, 'needs-review-ack', 'Needs Review / ACK', 10, 1);

        CREATE TABLE series (
            id {pk},
            project_id BIGINT NOT NULL REFERENCES projects (id),
            name TEXT NOT NULL DEFAULT '',
            date BIGINT NOT NULL,
            submitter_id BIGINT NOT NULL REFERENCES people (id),
            version BIGINT NOT NULL DEFAULT 1,
            total BIGINT NOT NULL DEFAULT 1,
            received_total BIGINT NOT NULL DEFAULT 0,
            cover_id BIGINT NULL
        );
        CREATE INDEX ix_series_markers ON series (project_id, submitter_id, version, total, date);

        -- Message-IDs a series was announced under (its mails and their thread references), so later
        -- mails of the same thread find their series (Patchwork's SeriesReference).
        CREATE TABLE series_references (
            project_id BIGINT NOT NULL,
            msgid TEXT NOT NULL,
            series_id BIGINT NOT NULL REFERENCES series (id),
            PRIMARY KEY (project_id, msgid)
        );

        CREATE TABLE covers (
            id {pk},
            project_id BIGINT NOT NULL REFERENCES projects (id),
            msgid TEXT NOT NULL,
            date BIGINT NOT NULL,
            name TEXT NOT NULL,
            submitter_id BIGINT NOT NULL REFERENCES people (id),
            series_id BIGINT NULL REFERENCES series (id)
        );
        CREATE UNIQUE INDEX ux_covers_project_msgid ON covers (project_id, msgid);
        CREATE INDEX ix_covers_msgid ON covers (msgid);

        CREATE TABLE cover_bodies (
            cover_id BIGINT NOT NULL PRIMARY KEY REFERENCES covers (id),
            headers TEXT NOT NULL,
            content TEXT NOT NULL
        );

        CREATE TABLE patches (
            id {pk},
            project_id BIGINT NOT NULL REFERENCES projects (id),
            msgid TEXT NOT NULL,
            date BIGINT NOT NULL,
            name TEXT NOT NULL,
            submitter_id BIGINT NOT NULL REFERENCES people (id),
            delegate_id BIGINT NULL REFERENCES users (id),
            state_id BIGINT NOT NULL REFERENCES states (id),
            archived BIGINT NOT NULL DEFAULT 0,
            hash TEXT NULL,
            commit_ref TEXT NULL,
            pull_url TEXT NULL,
            series_id BIGINT NULL REFERENCES series (id),
            series_number BIGINT NULL,
            prefixes TEXT NOT NULL DEFAULT '[]'
        );
        CREATE UNIQUE INDEX ux_patches_project_msgid ON patches (project_id, msgid);
        CREATE INDEX ix_patches_msgid ON patches (msgid);
        CREATE INDEX ix_patches_hash ON patches (hash);

        CREATE TABLE patch_bodies (
            patch_id BIGINT NOT NULL PRIMARY KEY REFERENCES patches (id),
            headers TEXT NOT NULL,
            content TEXT NOT NULL,
            diff TEXT NULL
        );

        CREATE TABLE comments (
            id {pk},
            project_id BIGINT NOT NULL REFERENCES projects (id),
            patch_id BIGINT NULL REFERENCES patches (id),
            cover_id BIGINT NULL REFERENCES covers (id),
            msgid TEXT NOT NULL,
            date BIGINT NOT NULL,
            subject TEXT NOT NULL,
            submitter_id BIGINT NOT NULL REFERENCES people (id),
            content TEXT NOT NULL,
            headers TEXT NOT NULL,
            addressed BIGINT NULL
        );
        CREATE UNIQUE INDEX ux_comments_project_msgid ON comments (project_id, msgid);

        CREATE TABLE checks (
            id {pk},
            patch_id BIGINT NOT NULL REFERENCES patches (id),
            user_id BIGINT NOT NULL REFERENCES users (id),
            date BIGINT NOT NULL,
            state TEXT NOT NULL,
            target_url TEXT NULL,
            context TEXT NOT NULL,
            description TEXT NULL
        );

        CREATE TABLE events (
            id {pk},
            project_id BIGINT NOT NULL REFERENCES projects (id),
            category TEXT NOT NULL,
            date BIGINT NOT NULL,
            actor_id BIGINT NULL REFERENCES users (id),
            patch_id BIGINT NULL,
            cover_id BIGINT NULL,
            series_id BIGINT NULL,
            comment_id BIGINT NULL,
            check_id BIGINT NULL,
            previous_state TEXT NULL,
            current_state TEXT NULL,
            previous_delegate_id BIGINT NULL,
            current_delegate_id BIGINT NULL
        );

        -- Maintained in the same transaction as every write, so list totals never need COUNT(*).
        CREATE TABLE patch_counts (
            project_id BIGINT NOT NULL,
            state_id BIGINT NOT NULL,
            archived BIGINT NOT NULL,
            n BIGINT NOT NULL,
            PRIMARY KEY (project_id, state_id, archived)
        );

        CREATE TABLE row_counts (
            project_id BIGINT NOT NULL,
            kind TEXT NOT NULL,
            n BIGINT NOT NULL,
            PRIMARY KEY (project_id, kind)
        );
        """;
}
