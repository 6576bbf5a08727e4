using System.Security.Cryptography;
using System.Text;
using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Infrastructure.Tests.Audit;

/// <summary>Signing and checking a checkpoint with nothing but the key files: no database.</summary>
public sealed class AuditCheckpointTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 15, 0, 123, 456, TimeSpan.Zero);
    private static readonly string Hash = new('a', 64);
    private readonly string _directory = Directory.CreateTempSubdirectory("tc-checkpoint-tests-").FullName;

    [Fact]
    public void A_checkpoint_signed_with_the_private_key_verifies_with_the_public_key_alone_after_a_round_trip_through_its_file()
    {
        var (privateKey, publicKey) = KeyPair("a");
        using var signer = CheckpointSigningKey.Load(privateKey);
        var checkpoint = AuditCheckpoint.Sign(signer, 41, 97, Hash, At);

        var read = AuditCheckpoint.Parse(checkpoint.ToJson());
        using var verifier = CheckpointPublicKey.Load(publicKey);

        Assert.Equal(checkpoint, read);
        Assert.Equal(signer.KeyId, verifier.KeyId);
        Assert.Matches("^[0-9a-f]{16}$", read.KeyId);
        Assert.Null(read.SignatureProblem(verifier));
    }

    public static TheoryData<string> SignedFields => ["position", "entry_sequence", "hash", "signed_at", "key_id"];

    [Theory]
    [MemberData(nameof(SignedFields))]
    public void Changing_any_signed_field_in_the_file_makes_the_signature_fail(string field)
    {
        var (privateKey, publicKey) = KeyPair("a");
        using var signer = CheckpointSigningKey.Load(privateKey);
        using var verifier = CheckpointPublicKey.Load(publicKey);
        var checkpoint = AuditCheckpoint.Sign(signer, 41, 97, Hash, At);
        var changed = field switch
        {
            "position" => checkpoint with { Position = 42 },
            "entry_sequence" => checkpoint with { EntrySequence = 98 },
            "hash" => checkpoint with { Hash = new string('b', 64) },
            "signed_at" => checkpoint with { SignedAt = At.AddMinutes(1) },
            _ => checkpoint with { KeyId = verifier.KeyId[..15] + (verifier.KeyId[15] == '0' ? "1" : "0") },
        };

        var problem = AuditCheckpoint.Parse(changed.ToJson()).SignatureProblem(verifier);

        Assert.NotNull(problem);
        Assert.Contains(field == "key_id" ? "signed with key" : "does not verify", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_signed_with_another_key_is_refused_even_when_it_claims_the_right_key_id()
    {
        var (mine, minePublic) = KeyPair("mine");
        var (theirs, _) = KeyPair("theirs");
        using var verifier = CheckpointPublicKey.Load(minePublic);
        using var forger = CheckpointSigningKey.Load(theirs);
        using var owner = CheckpointSigningKey.Load(mine);

        var forged = AuditCheckpoint.Sign(forger, 41, 97, Hash, At);
        Assert.Contains("signed with key", forged.SignatureProblem(verifier), StringComparison.Ordinal);

        // The forger copies the right key id into the text it signs: the signature still does not verify.
        var claimed = Convert.ToBase64String(forger.Sign(AuditCheckpoint.SignedBytes(41, 97, Hash, At, owner.KeyId)));
        var disguised = new AuditCheckpoint(41, 97, Hash, At, owner.KeyId, claimed);
        Assert.Contains("does not verify", disguised.SignatureProblem(verifier), StringComparison.Ordinal);
    }

    [Fact]
    public void The_signed_text_is_the_documented_six_lines_and_the_signature_is_der_ecdsa_over_sha256()
    {
        var (privateKey, publicKey) = KeyPair("a");
        using var signer = CheckpointSigningKey.Load(privateKey);
        var checkpoint = AuditCheckpoint.Sign(signer, 41, 97, Hash, At);

        var text = Encoding.UTF8.GetString(AuditCheckpoint.SignedBytes(41, 97, Hash, At, signer.KeyId));
        Assert.Equal(
            $"tc-audit-checkpoint-v1\nposition=41\nentry_sequence=97\nhash={Hash}\nsigned_at=2026-12-03T09:15:00.123456Z\nkey_id={signer.KeyId}", text);

        // Independently of our classes: what `openssl dgst -sha256 -verify public.pem -signature sig.der` checks.
        using var independent = ECDsa.Create();
        independent.ImportFromPem(File.ReadAllText(publicKey));
        Assert.True(independent.VerifyData(Encoding.UTF8.GetBytes(text), Convert.FromBase64String(checkpoint.Signature),
            HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void A_key_pair_is_written_with_the_private_key_readable_by_its_owner_only_and_never_over_an_existing_file()
    {
        var (privateKey, publicKey) = KeyPair("a");

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privateKey));
        }

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(privateKey), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(publicKey), StringComparison.Ordinal);
        var before = File.ReadAllText(privateKey);
        var refused = Assert.Throws<AuditCheckpointException>(() => CheckpointSigningKey.Create(privateKey, Path.Combine(_directory, "other.pem")));
        Assert.Contains("exists already", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(privateKey));
        Assert.False(File.Exists(Path.Combine(_directory, "other.pem")));
    }

    [Fact]
    public void An_openssl_style_ec_private_key_signs_and_a_public_key_file_cannot_sign()
    {
        // `openssl ecparam -name prime256v1 -genkey` writes SEC 1 ("EC PRIVATE KEY"); it is accepted as well as PKCS#8.
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var sec1 = Path.Combine(_directory, "sec1.pem");
        File.WriteAllText(sec1, ec.ExportECPrivateKeyPem());
        var spki = Path.Combine(_directory, "public.pem");
        File.WriteAllText(spki, ec.ExportSubjectPublicKeyInfoPem());

        using var signer = CheckpointSigningKey.Load(sec1);
        using var verifier = CheckpointPublicKey.Load(spki);
        Assert.Null(AuditCheckpoint.Sign(signer, 1, 1, Hash, At).SignatureProblem(verifier));
        Assert.Contains("holds a public key", Assert.Throws<AuditCheckpointException>(() => CheckpointSigningKey.Load(spki)).Message, StringComparison.Ordinal);

        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var other = Path.Combine(_directory, "p384.pem");
        File.WriteAllText(other, p384.ExportPkcs8PrivateKeyPem());
        Assert.Contains("not a P-256 key", Assert.Throws<AuditCheckpointException>(() => CheckpointSigningKey.Load(other)).Message, StringComparison.Ordinal);
        var text = Path.Combine(_directory, "not-a-key.pem");
        File.WriteAllText(text, "hello");
        Assert.Contains("not a PEM EC key", Assert.Throws<AuditCheckpointException>(() => CheckpointSigningKey.Load(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_names_sort_as_positions_do_and_a_malformed_file_says_what_is_wrong()
    {
        var names = new[] { 10L, 9L, 100L, 2L }.Select(AuditCheckpoint.FileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { 2L, 9L, 10L, 100L }.Select(AuditCheckpoint.FileName), names);
        Assert.Equal("checkpoint-0000000000000000041.json", AuditCheckpoint.FileName(41));

        Assert.Contains("not JSON", Assert.Throws<FormatException>(() => AuditCheckpoint.Parse("{")).Message, StringComparison.Ordinal);
        Assert.Contains("no whole number \"position\"", Assert.Throws<FormatException>(() => AuditCheckpoint.Parse(
            """{"format":"tc-audit-checkpoint-v1","algorithm":"ECDSA-P256-SHA256","signed_at":"2026-12-03T09:15:00.123456Z","position":"41"}""")).Message,
            StringComparison.Ordinal);
        Assert.Contains("its format", Assert.Throws<FormatException>(() => AuditCheckpoint.Parse("""{"format":"other"}""")).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (string Private, string Public) KeyPair(string name)
    {
        var (privateKey, publicKey) = (Path.Combine(_directory, $"{name}-private.pem"), Path.Combine(_directory, $"{name}-public.pem"));
        CheckpointSigningKey.Create(privateKey, publicKey);
        return (privateKey, publicKey);
    }
}
