#!/bin/sh
# Makes the TLS certificates of the compose stack at its first start, inside the stack's own
# volumes; nothing here is committed and no key leaves the volumes. Run by the "tls" service of
# docker/compose.yaml (in the postgres image, which carries openssl). Does nothing when the
# certificates exist, so a restart keeps them; remove the volumes to make new ones.
#
#   /tls/ca/ca.crt                 the stack's own certification authority: what Doorway trusts
#   /tls/postgres/server.{crt,key} PostgreSQL's certificate (DNS name "postgres"), its key 0600
#                                  and owned by the postgres user; pg_hba.conf refusing non-TLS
#                                  connections over the network
#   /tls/kafka/server.pem          the Kafka broker's key (PKCS#8) and certificate chain (DNS name
#                                  "kafka") in one PEM file, 0600 and owned by the kafka image's
#                                  user (uid 1000); /tls/kafka/ca.crt, the authority, its trust store
#
# The authority's private key is used once, to sign, and then deleted: a new certificate means
# a new authority (remove the volumes), so no signing key lies around to be stolen.
set -eu

if [ -s /tls/ca/ca.crt ] && [ -s /tls/postgres/server.key ] && [ -s /tls/kafka/server.pem ]; then
  echo "TLS certificates already made; keeping them."
  exit 0
fi

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p /tls/ca /tls/postgres /tls/kafka

openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -days 3650 \
  -subj "/CN=Doorway compose CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$work/ca.key" -out "$work/ca.crt"

# name: the service's DNS name in compose, also its certificate's subject alternative name.
issue() {
  name=$1
  openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 \
    -subj "/CN=$name" -keyout "$work/$name.key" -out "$work/$name.csr"
  printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' \
    "$name" > "$work/$name.ext"
  openssl x509 -req -in "$work/$name.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
    -days 825 -sha256 -extfile "$work/$name.ext" -out "$work/$name.crt"
}

issue postgres
cp "$work/postgres.crt" /tls/postgres/server.crt
cp "$work/postgres.key" /tls/postgres/server.key
# Local (socket) connections and the healthcheck on 127.0.0.1 as the image allows them; over the
# network, TLS only.
cat > /tls/postgres/pg_hba.conf <<'HBA'
local     all all                trust
host      all all 127.0.0.1/32   trust
host      all all ::1/128        trust
hostssl   all all all            scram-sha-256
hostnossl all all all            reject
HBA
# The postgres user of the image (uid 999) must own its key, readable by nobody else.
chown -R 999:999 /tls/postgres
chmod 0600 /tls/postgres/server.key
chmod 0644 /tls/postgres/server.crt /tls/postgres/pg_hba.conf
chmod 0755 /tls/postgres

issue kafka
# Kafka reads a PEM key store: the private key (PKCS#8, as openssl writes it) then the chain.
cat "$work/kafka.key" "$work/kafka.crt" "$work/ca.crt" > /tls/kafka/server.pem
cp "$work/ca.crt" /tls/kafka/ca.crt
# The apache/kafka image runs the broker as uid 1000 (appuser): it alone reads its key.
chown -R 1000:1000 /tls/kafka
chmod 0600 /tls/kafka/server.pem
chmod 0644 /tls/kafka/ca.crt
chmod 0755 /tls/kafka

cp "$work/ca.crt" /tls/ca/ca.crt
chmod 0755 /tls/ca
chmod 0644 /tls/ca/ca.crt
echo "TLS certificates made."
