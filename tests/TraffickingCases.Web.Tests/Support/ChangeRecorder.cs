using System.Collections.Concurrent;
using TraffickingCases.Infrastructure.Cases;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>An after-commit hook that remembers what it heard, so tests can check what a change reported.</summary>
public sealed class ChangeRecorder : IChildChangeHook
{
    private readonly ConcurrentQueue<ChildrenChanged> _heard = new();

    public Task AfterCommitAsync(ChildrenChanged changed, CancellationToken ct)
    {
        _heard.Enqueue(changed);
        return Task.CompletedTask;
    }

    /// <summary>Every change heard that concerned this child, oldest first.</summary>
    public IReadOnlyList<ChildrenChanged> For(Guid childId) => _heard.Where(c => c.ChildIds.Contains(childId)).ToList();
}
