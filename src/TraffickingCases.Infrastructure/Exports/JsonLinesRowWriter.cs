using System.Buffers;
using System.Text.Json;

namespace TraffickingCases.Infrastructure.Exports;

/// <summary>JSON Lines: one object per row, keys the column names, numbers and booleans typed, missing values null.</summary>
public sealed class JsonLinesRowWriter : IRowWriter
{
    private const int SendAt = 1 << 16;
    private readonly Stream _destination;
    private readonly ArrayBufferWriter<byte> _buffer = new(SendAt * 2);
    private readonly Utf8JsonWriter _json;
    private JsonEncodedText[] _names = [];

    public JsonLinesRowWriter(Stream destination)
    {
        _destination = destination;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public ValueTask WriteHeaderAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        _names = names.Select(n => JsonEncodedText.Encode(n)).ToArray();
        return ValueTask.CompletedTask;
    }

    public async ValueTask WriteRowAsync(object?[] values, CancellationToken ct)
    {
        _json.WriteStartObject();
        for (var i = 0; i < values.Length; i++)
        {
            switch (values[i])
            {
                case null:
                    _json.WriteNull(_names[i]);
                    break;
                case int n:
                    _json.WriteNumber(_names[i], n);
                    break;
                case bool b:
                    _json.WriteBoolean(_names[i], b);
                    break;
                default:
                    _json.WriteString(_names[i], RowWriters.Format(values[i]));
                    break;
            }
        }

        _json.WriteEndObject();
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _json.Reset(_buffer);
        if (_buffer.WrittenCount >= SendAt)
        {
            await SendAsync(ct);
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        await SendAsync(ct);
        await _destination.FlushAsync(ct);
    }

    public ValueTask CompleteAsync(CancellationToken ct) => FlushAsync(ct);

    public async ValueTask DisposeAsync() => await _json.DisposeAsync();

    private async ValueTask SendAsync(CancellationToken ct)
    {
        if (_buffer.WrittenCount > 0)
        {
            await _destination.WriteAsync(_buffer.WrittenMemory, ct);
            _buffer.ResetWrittenCount();
        }
    }
}
