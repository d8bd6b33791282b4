using PatchSync.Core.Planning;
using PatchSync.Core.Tags;

namespace PatchSync.Core.Tests.Planning;

/// <summary>Named rows: each is one rule of docs/sync-rules.md, with the exact plan it must give.</summary>
public class SyncPlannerTableTests
{
    [Theory]
    // base, tracker, mail tags (null = no mail), rule, expected plan
    [InlineData("new", "new", "pw-new", "tracker", "nothing")]
    [InlineData("new", "accepted", "pw-new", "tracker", "retag(+pw-accepted -pw-new); record(accepted)")]
    [InlineData("new", "new", "pw-accepted", "tracker", "push(new -> accepted); record(accepted)")]
    [InlineData("new", "accepted", "pw-accepted", "tracker", "record(accepted)")]
    [InlineData("accepted", "new", "pw-new", "mail", "record(new)")]
    [InlineData("new", "accepted", "pw-rejected", "tracker",
        "conflict(mail=rejected winner=tracker); retag(+pw-accepted -pw-rejected); record(accepted)")]
    [InlineData("new", "accepted", "pw-rejected", "mail",
        "conflict(mail=rejected winner=mail); push(accepted -> rejected); record(rejected)")]
    // first sync: the tracker wins, a differing mail is logged
    [InlineData(null, "new", "", "tracker", "retag(+pw-new); record(new)")]
    [InlineData(null, "new", "pw-new", "mail", "record(new)")]
    [InlineData(null, "new", "pw-accepted", "mail", "conflict(mail=accepted winner=tracker); retag(+pw-new -pw-accepted); record(new)")]
    [InlineData(null, "new+a", "pw-new", "tracker", "conflict(mail=new winner=tracker); retag(+pw-archived); record(new+a)")]
    [InlineData(null, "new+a", "", "tracker", "retag(+pw-archived +pw-new); record(new+a)")]
    // no mail, no state tag
    [InlineData("new", "accepted", null, "tracker", "missing")]
    [InlineData(null, "new", null, "tracker", "missing")]
    [InlineData("new", "new", "", "tracker", "retag(+pw-new); record(new)")]
    [InlineData("new", "new", "pw-archived", "mail", "retag(+pw-new -pw-archived); record(new)")]
    // archived, merged field-wise
    [InlineData("new", "new+a", "pw-new", "tracker", "retag(+pw-archived); record(new+a)")]
    [InlineData("new", "new", "pw-new pw-archived", "tracker", "push(new -> new+a); record(new+a)")]
    [InlineData("new", "new+a", "pw-new pw-archived", "tracker", "record(new+a)")]
    [InlineData("new", "new+a", "pw-accepted", "tracker", "retag(+pw-archived); push(new+a -> accepted+a); record(accepted+a)")]
    [InlineData("new+a", "accepted+a", "pw-new", "tracker", "retag(+pw-accepted -pw-new); push(accepted+a -> accepted); record(accepted)")]
    [InlineData("new", "accepted+a", "pw-rejected", "tracker",
        "conflict(mail=rejected winner=tracker); retag(+pw-accepted +pw-archived -pw-rejected); record(accepted+a)")]
    // two state tags: the one that differs from base wins; several differing is a conflict the tracker wins
    [InlineData("new", "new", "pw-new pw-accepted", "tracker", "retag(-pw-new); push(new -> accepted); record(accepted)")]
    [InlineData("new", "accepted", "pw-new pw-accepted", "tracker", "retag(-pw-new); record(accepted)")]
    [InlineData("new", "new", "pw-accepted pw-rejected", "tracker",
        "conflict(mail=accepted winner=tracker); conflict(mail=rejected winner=tracker); retag(+pw-new -pw-accepted -pw-rejected); record(new)")]
    [InlineData("new", "new", "pw-accepted pw-rejected", "mail",
        "conflict(mail=accepted winner=tracker); conflict(mail=rejected winner=tracker); retag(+pw-new -pw-accepted -pw-rejected); record(new)")]
    [InlineData("new", "accepted", "pw-accepted pw-rejected", "mail",
        "conflict(mail=rejected winner=tracker); retag(-pw-rejected); record(accepted)")]
    [InlineData(null, "new", "pw-new pw-rejected", "tracker", "conflict(mail=rejected winner=tracker); retag(-pw-rejected); record(new)")]
    // unknown states are prefix + slug; foreign tags are never touched
    [InlineData("new", "needs-ack", "pw-new", "tracker", "retag(+pw-needs-ack -pw-new); record(needs-ack)")]
    [InlineData("new", "new", "pw-needs-ack", "tracker", "push(new -> needs-ack); record(needs-ack)")]
    [InlineData("new", "accepted", "inbox pw-new unread", "tracker", "retag(+pw-accepted -pw-new); record(accepted)")]
    // read-only extras (ExtraTags null): never read as a state, kept as they are
    [InlineData("new", "new", "pw-new pw-delegate-alice pw-checks-fail", "tracker", "nothing")]
    [InlineData("new", "accepted", "pw-delegate-alice pw-new", "tracker", "retag(+pw-accepted -pw-new); record(accepted)")]
    public void PlanPatch_Row_GivesExpectedPlan(string? baseValue, string tracker, string? mailTags, string rule, string expected)
    {
        var options = new PlannerOptions(new TagMapping(), rule == "mail" ? ConflictRule.Mail : ConflictRule.Tracker);
        var input = new PatchSyncInput(7, "m7@example.org", PlanText.Snapshot(baseValue), PlanText.Snapshot(tracker)!, PlanText.Tags(mailTags));
        Assert.Equal(expected, PlanText.Of(SyncPlanner.PlanPatch(input, options)));
    }

    [Theory]
    [InlineData("pw-new pw-delegate-bob", "pw-delegate-alice pw-checks-fail", "retag(+pw-checks-fail +pw-delegate-alice -pw-delegate-bob); record(new)")]
    [InlineData("pw-new pw-series-complete", "", "retag(-pw-series-complete); record(new)")]
    [InlineData("pw-new pw-series-complete", "pw-series-complete", "nothing")]
    [InlineData("pw-new", "pw-series-complete inbox", "retag(+pw-series-complete); record(new)")]
    public void PlanPatch_ExtraTags_AreSetAndClearedExactly(string mailTags, string extras, string expected)
    {
        var input = new PatchSyncInput(1, "m1", PlanText.Snapshot("new"), PlanText.Snapshot("new")!, PlanText.Tags(mailTags), PlanText.Tags(extras));
        Assert.Equal(expected, PlanText.Of(SyncPlanner.PlanPatch(input, new PlannerOptions(new TagMapping()))));
    }

    [Fact]
    public void PlanPatch_ExtraTagNamedExplicitly_IsNotReadAsState()
    {
        // "pw-maintainer-ok" is no read-only prefix, but the input names it as an extra: not a state edit.
        var input = new PatchSyncInput(1, "m1", PlanText.Snapshot("new"), PlanText.Snapshot("new")!,
            PlanText.Tags("pw-new pw-maintainer-ok"), PlanText.Tags("pw-maintainer-ok"));
        Assert.Equal("nothing", PlanText.Of(SyncPlanner.PlanPatch(input, new PlannerOptions(new TagMapping()))));
    }

    [Fact]
    public void PlanPatch_OverriddenTag_IsWrittenAndReadBack()
    {
        var mapping = new TagMapping("pw-", new Dictionary<string, string> { ["accepted"] = "pw-applied" });
        var options = new PlannerOptions(mapping);
        var toMail = new PatchSyncInput(1, "m1", PlanText.Snapshot("new"), PlanText.Snapshot("accepted")!, PlanText.Tags("pw-new"));
        var fromMail = new PatchSyncInput(1, "m1", PlanText.Snapshot("new"), PlanText.Snapshot("new")!, PlanText.Tags("pw-applied"));
        Assert.Equal("retag(+pw-applied -pw-new); record(accepted)", PlanText.Of(SyncPlanner.PlanPatch(toMail, options)));
        Assert.Equal("push(new -> accepted); record(accepted)", PlanText.Of(SyncPlanner.PlanPatch(fromMail, options)));
    }

    [Fact]
    public void PlanPatch_CustomPrefix_OnlyTouchesItsOwnTags()
    {
        var options = new PlannerOptions(new TagMapping("patch/"));
        var input = new PatchSyncInput(1, "m1", PlanText.Snapshot("new"), PlanText.Snapshot("accepted")!, PlanText.Tags("patch/new pw-new"));
        Assert.Equal("retag(+patch/accepted -patch/new); record(accepted)", PlanText.Of(SyncPlanner.PlanPatch(input, options)));
    }

    [Fact]
    public void PlanPatch_MailEditRightAfterPush_IsPushedNotOverwritten()
    {
        // The pwnm-sync bug: run 1 pushed the mail's "accepted" and stored it as base; the maintainer then
        // tags the mail "rejected". Run 2 must push "rejected", not retag the mail to the tracker's old state.
        var options = new PlannerOptions(new TagMapping());
        var run1 = SyncPlanner.PlanPatch(
            new PatchSyncInput(1, "m1", PlanText.Snapshot("new"), PlanText.Snapshot("new")!, PlanText.Tags("pw-accepted")), options);
        var pushed = Assert.IsType<PushToTracker>(run1[0]);
        var recorded = Assert.IsType<RecordSynced>(run1[^1]);

        var run2 = SyncPlanner.PlanPatch(
            new PatchSyncInput(1, "m1", recorded.Value, pushed.Desired, PlanText.Tags("pw-rejected")), options);
        Assert.Equal("push(accepted -> rejected); record(rejected)", PlanText.Of(run2));
    }

    [Fact]
    public void Plan_ManyPatches_KeepsInputOrder()
    {
        var inputs = new[]
        {
            new PatchSyncInput(3, "m3", null, PlanText.Snapshot("new")!, null),
            new PatchSyncInput(1, "m1", PlanText.Snapshot("new"), PlanText.Snapshot("new")!, PlanText.Tags("pw-new")),
            new PatchSyncInput(2, "m2", PlanText.Snapshot("new"), PlanText.Snapshot("accepted")!, PlanText.Tags("pw-new")),
        };
        var plan = SyncPlanner.Plan(inputs, new PlannerOptions(new TagMapping()));
        Assert.Equal([3L, 2L, 2L], plan.Select(a => a.PatchId));
    }
}
