#!/usr/bin/env bash
# Makes the certificates of a TLS Orleans gateway with openssl (docs/operations.md, "Gateway TLS"):
#
#   deploy/gateway-certs.sh DIR [CLIENT ...]
#
#   DIR/ca.pem, DIR/ca.key   a private certificate authority for this cluster's gateway (made once, reused;
#                            keep ca.key offline). Both sides trust only it: the silos accept client certificates
#                            it issued (Fleet:Clustering:GatewayTls:ClientAuthorityPath), clients accept a silo
#                            whose certificate it issued (--gateway-ca / FLEET_GATEWAY_CA).
#   DIR/gateway.pfx          the silos' certificate and key (Fleet:Clustering:GatewayTls:CertificatePath)
#   DIR/CLIENT.pfx           a client certificate and key per name (default: fleet-cli) for --client-cert /
#                            FLEET_CLIENT_CERT or FleetClientOptions.ClientCertificatePath
#
# FLEET_CERT_PASSWORD sets the .pfx password (default: none); FLEET_CERT_DAYS the validity (default 365 days).
# Run it again with new names to issue more client certificates from the same authority.
set -euo pipefail

if [ $# -lt 1 ]; then
  sed -n '2,16p' "$0" >&2
  exit 2
fi
dir=$1
shift
clients=("$@")
[ ${#clients[@]} -gt 0 ] || clients=(fleet-cli)
password=${FLEET_CERT_PASSWORD:-}
days=${FLEET_CERT_DAYS:-365}

mkdir -p "$dir"
cd "$dir"
umask 077

if [ ! -f ca.key ]; then
  openssl req -x509 -new -newkey rsa:3072 -nodes -keyout ca.key -out ca.pem -days 3650 -subj "/CN=Fleet gateway CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
fi

# issue NAME USAGE: a key and a certificate signed by the authority, for serverAuth (the silos) or clientAuth.
issue() {
  local name=$1 usage=$2
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n' "$usage" > "$name.ext"
  openssl req -new -newkey rsa:3072 -nodes -keyout "$name.key" -out "$name.csr" -subj "/CN=$name"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days "$days" -extfile "$name.ext" -out "$name.crt"
  openssl pkcs12 -export -in "$name.crt" -inkey "$name.key" -out "$name.pfx" -passout "pass:$password"
  rm -f "$name.csr" "$name.ext" "$name.key"
}

[ -f gateway.pfx ] || issue gateway serverAuth
for client in "${clients[@]}"; do
  issue "$client" clientAuth
done
chmod 644 ca.pem
echo "in $PWD: ca.pem (authority), gateway.pfx (silos), ${clients[*]/%/.pfx} (clients)"
