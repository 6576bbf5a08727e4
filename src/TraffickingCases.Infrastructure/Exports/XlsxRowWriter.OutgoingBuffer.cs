namespace TraffickingCases.Infrastructure.Exports;

public sealed partial class XlsxRowWriter
{
    /// <summary>A write-only, forward-only stream that keeps what is written until <see cref="SendAsync"/>.</summary>
    private sealed class OutgoingBuffer : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _sent;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _pending.Length;

        public override long Position
        {
            get => _sent + _pending.Length;
            set => throw new NotSupportedException();
        }

        public async ValueTask SendAsync(Stream destination, CancellationToken ct)
        {
            if (_pending.Length > 0)
            {
                await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
                _sent += _pending.Length;
                _pending.SetLength(0);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _pending.Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _pending.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
