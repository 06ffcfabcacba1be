#!/usr/bin/env bash
# A local CA and a server certificate for 127.0.0.1 / localhost / ::1, made with openssl, for the
# local AWS endpoint over TLS. Clients trust the CA through AWS_CA_BUNDLE (never by turning
# verification off).
#
#   scripts/local-aws/make-certs.sh DIR
#
# Writes DIR/ca.pem (the bundle to trust), DIR/ca-key.pem, DIR/server.pem, DIR/server-key.pem
# (keys 0600). Reuses them while the server certificate is valid for another day and was signed
# by DIR/ca.pem; otherwise makes new ones. The CA key signs only this one certificate. Keep DIR
# out of git (the project uses .pipeline/local-aws/ or a temporary folder).
set -euo pipefail

dir="${1:?usage: $0 DIR}"
mkdir -p "$dir"
chmod 700 "$dir"
ca="$dir/ca.pem" ca_key="$dir/ca-key.pem" cert="$dir/server.pem" key="$dir/server-key.pem"

if [[ -s "$ca" && -s "$cert" && -s "$key" ]] \
    && openssl x509 -in "$cert" -noout -checkend 86400 >/dev/null 2>&1 \
    && openssl verify -CAfile "$ca" "$cert" >/dev/null 2>&1; then
    echo "$ca"
    exit 0
fi

umask 077
tmp="$(mktemp -d "$dir/.make.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 \
    -keyout "$tmp/ca-key.pem" -out "$tmp/ca.pem" \
    -subj "/CN=pipeline local AWS CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1

openssl req -newkey rsa:2048 -nodes -sha256 \
    -keyout "$tmp/server-key.pem" -out "$tmp/server.csr" \
    -subj "/CN=127.0.0.1" >/dev/null 2>&1

cat >"$tmp/server.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
EOF

openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca-key.pem" \
    -CAcreateserial -days 29 -sha256 -extfile "$tmp/server.ext" -out "$tmp/server.pem" >/dev/null 2>&1

openssl verify -CAfile "$tmp/ca.pem" "$tmp/server.pem" >/dev/null
chmod 644 "$tmp/ca.pem" "$tmp/server.pem"
mv "$tmp/ca-key.pem" "$ca_key"
mv "$tmp/server-key.pem" "$key"
mv "$tmp/server.pem" "$cert"
mv "$tmp/ca.pem" "$ca"
echo "$ca"
