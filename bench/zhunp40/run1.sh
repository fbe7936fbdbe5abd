#!/bin/bash
# usage: bench/zhunp40/run1.sh TREE OUT  -- bench/RESULTS.md section 253: xquad-r:zh test all 282 (--samples 1), test --limit 100, dev all 159
TREE=$1; OUT=$2; mkdir -p $OUT
source /work/main/.venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false ROBUSTIR_DATA=/work/shared/data NLTK_DATA=$HOME/.cache/robustir/nltk_data PYTHONPATH=$TREE OMP_NUM_THREADS=1
cd $TREE
date -u
nice -n 10 python -m robustir perturb --recipe codeswitch --dataset xquad-r:zh --samples 1 -o $OUT/test.jsonl
nice -n 10 python -m robustir perturb --recipe codeswitch --dataset xquad-r:zh --limit 100 -o $OUT/test100.jsonl
date -u
nice -n 10 python bench/codeswitch_set.py zh --split dev --skip 0 --seed 0 --queries 159 -o $OUT/dev
date -u
