using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TraffickingCases.Infrastructure.Audit;

/// <summary>
/// A signed statement that the audit chain's link at <see cref="Position"/> chained entry <see cref="EntrySequence"/> and
/// had hash <see cref="Hash"/> at <see cref="SignedAt"/> (ADR 019). Kept as a small file outside the database, it lets a
/// verifier holding only the public key notice a chain that was re-hashed, shortened or replaced after it was signed.
/// </summary>
public sealed record AuditCheckpoint(long Position, long EntrySequence, string Hash, DateTimeOffset SignedAt, string KeyId, string Signature)
{
    /// <summary>The first line of the signed text and the file's <c>format</c>; a new layout gets a new name.</summary>
    public const string Format = "tc-audit-checkpoint-v1";

    /// <summary>What <see cref="Signature"/> is: ECDSA over P-256 with SHA-256, DER-encoded, base64.</summary>
    public const string Algorithm = "ECDSA-P256-SHA256";

    /// <summary>How checkpoint files are named: the position zero-padded, so that names sort as positions do.</summary>
    public static string FileName(long position) => string.Create(CultureInfo.InvariantCulture, $"checkpoint-{position:D19}.json");

    /// <summary>The files in a directory that look like checkpoints, oldest position first (temporary files are left out).</summary>
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.EnumerateFiles(directory, "checkpoint-*.json").Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The exact bytes signed: six lines joined by a line feed, without a final one — the format, then
    /// <c>position=</c>, <c>entry_sequence=</c>, <c>hash=</c>, <c>signed_at=</c> (UTC, six fractional digits) and <c>key_id=</c>.
    /// </summary>
    public static byte[] SignedBytes(long position, long entrySequence, string hash, DateTimeOffset signedAt, string keyId) =>
        Encoding.UTF8.GetBytes(string.Join('\n',
            Format,
            string.Create(CultureInfo.InvariantCulture, $"position={position}"),
            string.Create(CultureInfo.InvariantCulture, $"entry_sequence={entrySequence}"),
            $"hash={hash}",
            $"signed_at={Time(signedAt)}",
            $"key_id={keyId}"));

    /// <summary>Signs the link at a position with the private key.</summary>
    public static AuditCheckpoint Sign(CheckpointSigningKey key, long position, long entrySequence, string hash, DateTimeOffset signedAt)
    {
        var at = AuditChain.ToStoredPrecision(signedAt);
        var signature = key.Sign(SignedBytes(position, entrySequence, hash, at, key.KeyId));
        return new AuditCheckpoint(position, entrySequence, hash, at, key.KeyId, Convert.ToBase64String(signature));
    }

    /// <summary>Null when the checkpoint was signed by this public key and is unchanged since; otherwise what is wrong with it.</summary>
    public string? SignatureProblem(CheckpointPublicKey key)
    {
        if (!string.Equals(KeyId, key.KeyId, StringComparison.Ordinal))
        {
            return $"it was signed with key {KeyId}, not with the public key given ({key.KeyId})";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Signature);
        }
        catch (FormatException)
        {
            return "its signature is not base64";
        }

        return key.Verify(SignedBytes(Position, EntrySequence, Hash, SignedAt, KeyId), signature)
            ? null
            : "its signature does not verify with the public key (the file was changed after it was signed)";
    }

    /// <summary>The file's content: one JSON object with the signed fields, the algorithm and the signature (base64 left as it is, for openssl).</summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("position", Position);
            json.WriteNumber("entry_sequence", EntrySequence);
            json.WriteString("hash", Hash);
            json.WriteString("signed_at", Time(SignedAt));
            json.WriteString("key_id", KeyId);
            json.WriteString("algorithm", Algorithm);
            json.WriteString("signature", Signature);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>Reads a checkpoint file's content; a <see cref="FormatException"/> says what is missing or malformed.</summary>
    public static AuditCheckpoint Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"it is not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("it is not a JSON object");
            }

            var format = Text(root, "format");
            if (!string.Equals(format, Format, StringComparison.Ordinal))
            {
                throw new FormatException($"its format is \"{format}\", not \"{Format}\"");
            }

            var algorithm = Text(root, "algorithm");
            if (!string.Equals(algorithm, Algorithm, StringComparison.Ordinal))
            {
                throw new FormatException($"its algorithm is \"{algorithm}\", not \"{Algorithm}\"");
            }

            var signedAt = Text(root, "signed_at");
            if (!DateTimeOffset.TryParseExact(signedAt, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                throw new FormatException($"its signed_at \"{signedAt}\" is not a UTC time with six fractional digits");
            }

            return new AuditCheckpoint(Number(root, "position"), Number(root, "entry_sequence"), Text(root, "hash"), at, Text(root, "key_id"), Text(root, "signature"));
        }
    }

    private static string Time(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"it has no text \"{name}\"");

    private static long Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new FormatException($"it has no whole number \"{name}\"");
}

/// <summary>The public half of a checkpoint key: all a verifier needs.</summary>
public sealed class CheckpointPublicKey : IDisposable
{
    private readonly ECDsa _key;

    private CheckpointPublicKey(ECDsa key)
    {
        _key = key;
        KeyId = CheckpointSigningKey.IdOf(key);
    }

    /// <summary>The first 16 hexadecimal digits of the SHA-256 of the key's SubjectPublicKeyInfo: names the key in each checkpoint.</summary>
    public string KeyId { get; }

    /// <summary>Reads a PEM public key (or a private key, whose public half is used) from a file.</summary>
    public static CheckpointPublicKey Load(string path) => new(CheckpointSigningKey.ReadPem(path, requirePrivate: false));

    internal static CheckpointPublicKey Load(ECDsa key) => new(key);

    public bool Verify(byte[] data, byte[] signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}

/// <summary>The private checkpoint key: an ECDSA P-256 key in a PEM file kept outside the database (ADR 019).</summary>
public sealed class CheckpointSigningKey : IDisposable
{
    private readonly ECDsa _key;

    private CheckpointSigningKey(ECDsa key)
    {
        _key = key;
        KeyId = IdOf(key);
    }

    public string KeyId { get; }

    /// <summary>Reads the PEM private key (PKCS#8 "PRIVATE KEY" or SEC 1 "EC PRIVATE KEY", as OpenSSL writes them).</summary>
    public static CheckpointSigningKey Load(string path) => new(ReadPem(path, requirePrivate: true));

    /// <summary>
    /// Makes a new key pair and writes the private key (mode 0600) and the public key as PEM files; refuses to replace
    /// an existing file, so an old key is never lost by mistake. Returns the key id.
    /// </summary>
    public static string Create(string privatePath, string publicPath)
    {
        foreach (var path in new[] { privatePath, publicPath })
        {
            if (File.Exists(path))
            {
                throw new AuditCheckpointException($"{path} exists already; move it away first (a key is never replaced by mistake)");
            }
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            Write(privatePath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Write(publicPath, key.ExportSubjectPublicKeyInfoPem(),
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditCheckpointException($"the key pair could not be written: {e.Message}");
        }

        return IdOf(key);
    }

    /// <summary>The public half, to check the newest checkpoint before signing the next.</summary>
    public CheckpointPublicKey PublicKey()
    {
        var copy = ECDsa.Create();
        copy.ImportSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo(), out _);
        return CheckpointPublicKey.Load(copy);
    }

    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();

    internal static string IdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    internal static ECDsa ReadPem(string path, bool requirePrivate)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditCheckpointException($"the checkpoint key {path} cannot be read: {e.Message}");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new AuditCheckpointException($"{path} is not a PEM EC key ({e.Message})");
        }

        if (key.KeySize != 256 || !string.Equals(key.ExportParameters(false).Curve.Oid.Value, ECCurve.NamedCurves.nistP256.Oid.Value, StringComparison.Ordinal))
        {
            key.Dispose();
            throw new AuditCheckpointException($"{path} is not a P-256 key");
        }

        if (requirePrivate && !HasPrivate(key))
        {
            key.Dispose();
            throw new AuditCheckpointException($"{path} holds a public key; signing needs the private key");
        }

        return key;
    }

    private static bool HasPrivate(ECDsa key)
    {
        try
        {
            return key.ExportParameters(true).D is { Length: > 0 };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static void Write(string path, string pem, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }
}

/// <summary>A checkpoint key or directory that cannot be read, made or used; the message names the file.</summary>
public sealed class AuditCheckpointException(string message) : Exception(message);
