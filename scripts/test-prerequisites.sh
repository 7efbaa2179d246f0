#!/usr/bin/env bash
# Run before `npm test`: the tests use real peers that come from Debian's packages (Chromium for
# the portals, xmlsec1 for SAML, an MIT Kerberos KDC and client, curl and openssl, nginx as the
# load balancer of the scale-out topology test). Installs what
# is missing when it can (root with apt-get), then builds the optional `kerberos` addon, which
# `npm install` skips on a machine without the Kerberos headers.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x "${PORTICO_CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v xmlsec1 >/dev/null || missing+=(xmlsec1)
command -v krb5kdc >/dev/null || [ -x /usr/sbin/krb5kdc ] || missing+=(krb5-kdc)
command -v kadmin.local >/dev/null || [ -x /usr/sbin/kadmin.local ] || missing+=(krb5-admin-server)
command -v kinit >/dev/null || missing+=(krb5-user)
command -v krb5-config >/dev/null || missing+=(libkrb5-dev)
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test prerequisites: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test prerequisites missing: ${missing[*]} (Debian packages; install them, then run npm test again)" >&2
    exit 1
  fi
fi

if ! node -e 'require("kerberos")' >/dev/null 2>&1; then
  echo "test prerequisites: building the kerberos addon"
  if [ -d node_modules/kerberos ]; then
    npm_config_build_from_source=true npm rebuild kerberos >/dev/null
  else
    # npm install drops an optional package whose build failed (the headers were not there yet):
    # install the locked version now that they are, without touching package.json or the lock.
    version=$(node -p 'require("./package-lock.json").packages["node_modules/kerberos"].version')
    npm_config_build_from_source=true npm install --no-save --no-audit --no-fund "kerberos@$version" >/dev/null
  fi
  node -e 'require("kerberos")'
fi
