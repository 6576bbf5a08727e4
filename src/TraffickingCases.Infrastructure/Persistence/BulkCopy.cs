using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace TraffickingCases.Infrastructure.Persistence;

/// <summary>
/// Inserts many entities with PostgreSQL binary COPY, column by column as the EF model maps them,
/// inside the context's current transaction. Used by imports and the demo seed, where row-by-row
/// INSERTs would take minutes.
/// </summary>
public static class BulkCopy
{
    public static Task<ulong> CopyAsync<T>(CasesDbContext db, IEnumerable<T> entities, CancellationToken ct = default)
        where T : class =>
        CopyAsync(db, entities, shadowValues: null, ct);

    /// <summary>
    /// As <see cref="CopyAsync{T}(CasesDbContext, IEnumerable{T}, CancellationToken)"/>, also writing the shadow properties
    /// <paramref name="shadowValues"/> names (by property name), each entity's value from its function; the others keep their
    /// column defaults.
    /// </summary>
    public static async Task<ulong> CopyAsync<T>(
        CasesDbContext db, IEnumerable<T> entities, IReadOnlyDictionary<string, Func<T, object?>>? shadowValues, CancellationToken ct = default)
        where T : class
    {
        var entityType = db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties()
            .Where(p => p.GetComputedColumnSql() is null && !p.IsConcurrencyToken && !p.IsShadowProperty())
            .Select(p => (Property: p, Column: p.GetColumnName(table)!, Type: p.GetColumnType(), Getter: (Func<T, object?>)p.GetGetter().GetClrValue,
                Converter: p.GetTypeMapping().Converter))
            .ToList();
        foreach (var (name, value) in shadowValues ?? new Dictionary<string, Func<T, object?>>())
        {
            var property = entityType.FindProperty(name) is { } p && p.IsShadowProperty()
                ? p
                : throw new InvalidOperationException($"{typeof(T).Name} has no shadow property {name}.");
            columns.Add((property, property.GetColumnName(table)!, property.GetColumnType(), value, property.GetTypeMapping().Converter));
        }


        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        var columnList = string.Join(", ", columns.Select(c => $"\"{c.Column}\""));
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table.Name}\" ({columnList}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var entity in entities)
        {
            await writer.StartRowAsync(ct);
            foreach (var (_, _, type, getter, converter) in columns)
            {
                var value = getter(entity);
                if (value is not null && converter is not null)
                {
                    value = converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    await writer.WriteNullAsync(ct);
                }
                else
                {
                    await writer.WriteAsync(value, BaseType(type), ct);
                }
            }
        }

        return await writer.CompleteAsync(ct);
    }

    private static string BaseType(string columnType)
    {
        // "character varying(200)" → "character varying": COPY wants the type, not its length.
        var paren = columnType.IndexOf('(', StringComparison.Ordinal);
        if (paren < 0)
        {
            return columnType;
        }

        var close = columnType.IndexOf(')', paren);
        return columnType[..paren] + columnType[(close + 1)..];
    }
}
