"""Certificates made at test time, so the fake device can speak TLS."""

from dataclasses import dataclass
import datetime as dt
import hashlib
import ipaddress
from pathlib import Path
import ssl

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# Valid whatever a test sets the clock to; expiry is not what these tests are about.
VALID_FROM = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
# RFC 5280's "no well-defined expiration date".
VALID_UNTIL = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Certificate:
    """A certificate with its key, as PEM, and its SHA-256 fingerprint."""

    cert_pem: bytes
    key_pem: bytes
    fingerprint: str

    def server_context(self, directory: Path) -> ssl.SSLContext:
        """Return a server SSL context that presents this certificate."""
        cert_file, key_file = directory / "cert.pem", directory / "key.pem"
        cert_file.write_bytes(self.cert_pem)
        key_file.write_bytes(self.key_pem)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        return context


def make_certificate(
    common_name: str, issuer: Certificate | None = None, *, ca: bool = False
) -> Certificate:
    """Make a certificate for 127.0.0.1, self-signed or signed by issuer."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    # Python's strict verification wants key identifiers on every certificate.
    builder = builder.add_extension(
        x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
    if issuer is None:
        signed = builder.issuer_name(subject).sign(key, hashes.SHA256())
    else:
        issuer_cert = x509.load_pem_x509_certificate(issuer.cert_pem)
        issuer_key = serialization.load_pem_private_key(issuer.key_pem, password=None)
        assert isinstance(issuer_key, ec.EllipticCurvePrivateKey)
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        signed = builder.issuer_name(issuer_cert.subject).sign(
            issuer_key, hashes.SHA256()
        )
    return Certificate(
        cert_pem=signed.public_bytes(serialization.Encoding.PEM),
        key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        fingerprint=hashlib.sha256(
            signed.public_bytes(serialization.Encoding.DER)
        ).hexdigest(),
    )
