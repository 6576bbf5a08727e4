using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Infrastructure.Notifications;

internal sealed class NotificationEventConfiguration : IEntityTypeConfiguration<NotificationEvent>
{
    public void Configure(EntityTypeBuilder<NotificationEvent> builder)
    {
        builder.ToTable("notification_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Kind).HasMaxLength(40);
        builder.Property(e => e.Source).HasMaxLength(20);
        builder.Property(e => e.CreatedAt).HasDefaultValueSql("now()");
        // The dispatcher reads only what is waiting, in order.
        builder.HasIndex(e => e.Id, "ix_notification_events_waiting").HasDatabaseName("ix_notification_events_waiting").HasFilter("processed_at IS NULL");
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).UseIdentityAlwaysColumn();
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.Property(n => n.Kind).HasMaxLength(40);
        builder.Property(n => n.ChildReference).HasMaxLength(20);
        builder.Property(n => n.RuleCode).HasMaxLength(10);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        // A person's list, newest first, and the header's unread count from a small partial index.
        builder.HasIndex(n => new { n.UserId, n.Id }, "ix_notifications_user").HasDatabaseName("ix_notifications_user").IsDescending(false, true);
        builder.HasIndex(n => new { n.UserId, n.Id }, "ix_notifications_unread").HasDatabaseName("ix_notifications_unread").HasFilter("read_at IS NULL");
        // One notification per person and flag, even if an event were processed twice.
        builder.HasIndex(n => new { n.UserId, n.FlagId }, "ux_notifications_user_flag").HasDatabaseName("ux_notifications_user_flag").IsUnique()
            .HasFilter("flag_id IS NOT NULL");
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.Property(m => m.ToAddress).HasMaxLength(256);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.Body).HasMaxLength(20_000);
        builder.Property(m => m.Kind).HasMaxLength(40);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => m.NextAttemptAt, "ix_outbox_messages_waiting").HasDatabaseName("ix_outbox_messages_waiting").HasFilter("sent_at IS NULL");
    }
}
