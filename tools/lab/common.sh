# shellcheck shell=bash disable=SC2034 # variables are used by the stages
# Definitions shared by the lab stages: paths, timeouts, recipe keys.
# Sourced, never run.

# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"

LABDIR=$TOP/tools/lab
LAB=$BUILD/lab
XEN_DEB_VERSION=4.17.5+72-g01140da4e8-1
QEMU_DEB_VERSION=1:10.0.2+ds-2+deb13u1~bpo12+1

# Timeouts, in seconds, defined once.
QEMU_TIMEOUT=${QEMU_TIMEOUT:-3000}

mkdir -p "$LAB" "$CACHE"

# recipe_key FILE...: a short hash of the files that make a cached artifact.
recipe_key() {
	cat "$@" | sha256sum | cut -c1-12
}
