using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TraffickingCases.Infrastructure.Identity;

/// <summary>
/// One signed-in session, held on the server: the cookie carries only <see cref="Id"/>, so ending a session here
/// ends it everywhere at once (ADR 021).
/// </summary>
public sealed class UserSession
{
    /// <summary>A random, unguessable key (32 bytes, base64url).</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>The authentication ticket, serialised and protected with Data Protection.</summary>
    public required byte[] Ticket { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the session was last renewed by use (the cookie slides at most once every 15 minutes).</summary>
    public DateTimeOffset RenewedAt { get; set; }

    /// <summary>Ends when unused for the idle lifetime (30 minutes).</summary>
    public DateTimeOffset IdleExpiresAt { get; set; }

    /// <summary>Ends at this time however it is used (12 hours after sign-in).</summary>
    public DateTimeOffset AbsoluteExpiresAt { get; init; }

    public string? ClientIp { get; init; }

    /// <summary>The browser's own description, cut to 200 characters, so people can tell their sessions apart.</summary>
    public string? UserAgent { get; init; }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("user_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.ClientIp).HasMaxLength(45);
        builder.Property(s => s.UserAgent).HasMaxLength(200);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.UserId);
    }
}
