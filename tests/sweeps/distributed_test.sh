#!/usr/bin/env bash
# The distributed sweeps agree with one unsharded sweep: the same seeds give the same report
# from `kafkasim sweep` itself, from `sweep-report` over its records, over shards run by hand,
# through the GNU parallel recipe (over local workers), through the Slurm script (its array
# tasks run one by one as Slurm would run them), and through kafkasim-mpi under `mpirun -np 3`.
# Also: a sweep whose standard error is a file leaves no progress bar in it.
#
# Usage: distributed_test.sh KAFKASIM KAFKASIM_MPI SOURCE_DIR WHICH
#   WHICH: shards | parallel | slurm | mpi
set -euo pipefail
kafkasim=$1 kafkasim_mpi=$2 source=$3 which=$4
scenario=$source/scenarios/sweeps/unsafe-acks-1.textproto
sweep_args=(--seeds 1..9 --nemesis kill,power,partition)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }

# The baseline: one process, every seed. Exit 1 is expected (unsafe settings lose writes).
"$kafkasim" sweep "$scenario" "${sweep_args[@]}" --out all.jsonl >sweep.txt 2>sweep.err || [[ $? -eq 1 ]]
grep -q "FAIL    correctness" sweep.txt || fail "the unsafe sweep found no failing seed"
"$kafkasim" sweep-report all.jsonl >baseline.txt || [[ $? -eq 1 ]]
cmp -s sweep.txt baseline.txt || { diff sweep.txt baseline.txt; fail "sweep-report differs from sweep"; }

same_as_baseline() {  # what, report file
  cmp -s "$2" baseline.txt || { diff baseline.txt "$2" || true; fail "$1: the merged report differs"; }
  echo "$1: the merged report equals the unsharded sweep's"
}

case "$which" in
  shards)
    [[ ! -s sweep.err ]] || fail "progress went to a file: $(head -c 200 sweep.err)"
    for k in 1 2 3; do
      "$kafkasim" sweep "$scenario" "${sweep_args[@]}" --shard "$k/3" --out "s$k.jsonl" >/dev/null || [[ $? -eq 1 ]]
    done
    [[ $(cat s1.jsonl s2.jsonl s3.jsonl | wc -l) -eq 9 ]] || fail "the shards did not cover 9 seeds"
    "$kafkasim" sweep-report s3.jsonl s1.jsonl s2.jsonl >merged.txt || [[ $? -eq 1 ]]
    same_as_baseline "three shards" merged.txt
    # A record file with a broken line is refused with its name and line.
    { head -n 2 all.jsonl; echo '{"seed": "x"'; } >broken.jsonl
    if "$kafkasim" sweep-report broken.jsonl 2>err.txt; then fail "a broken record was accepted"; fi
    grep -q "broken.jsonl:3: not a sweep record" err.txt || fail "no line number: $(cat err.txt)"
    ;;
  parallel)
    echo "2/:" >hosts   # two slots on this machine, as GNU parallel's sshloginfile names it
    "$source/scripts/sweep-parallel.sh" --sshloginfile hosts --shards 4 --results par.jsonl \
      --kafkasim "$kafkasim" "$scenario" "${sweep_args[@]}" >par.txt || [[ $? -eq 1 ]]
    same_as_baseline "GNU parallel over local workers" par.txt
    ;;
  slurm)
    for task in 1 2 3; do
      SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=1 \
        SLURM_SUBMIT_DIR=$work KAFKASIM=$kafkasim RESULTS=$work/slurm \
        bash "$source/scripts/sweep-slurm.sbatch" "$scenario" "${sweep_args[@]}"
    done
    "$kafkasim" sweep-report slurm/shard-*.jsonl >slurm.txt || [[ $? -eq 1 ]]
    same_as_baseline "the Slurm array's three tasks" slurm.txt
    ;;
  mpi)
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
    mpirun -np 3 "$kafkasim_mpi" sweep "$scenario" "${sweep_args[@]}" --out mpi.jsonl \
      >mpi.txt 2>mpi.err || [[ $? -eq 1 ]] || { cat mpi.err; fail "mpirun failed"; }
    same_as_baseline "kafkasim-mpi on 3 ranks" mpi.txt
    "$kafkasim" sweep-report mpi.jsonl >mpi-merged.txt || [[ $? -eq 1 ]]
    same_as_baseline "kafkasim-mpi's records" mpi-merged.txt
    # A crash and a hang are results, not lost jobs.
    printf '#!/bin/sh\nkill -SEGV $$\n' >crasher && chmod +x crasher
    mpirun -np 2 "$kafkasim_mpi" sweep "$scenario" --seeds 1..2 --kafkasim "$work/crasher" \
      >crash.txt 2>/dev/null || true
    grep -q "seed 2: crash: killed by signal 11" crash.txt || fail "no crash record: $(cat crash.txt)"
    mpirun -np 2 "$kafkasim_mpi" sweep "$scenario" --seeds 1..1 --timeout 0.01 \
      >hang.txt 2>/dev/null || true
    grep -q "seed 1: timeout: no result after 0.01 s" hang.txt || fail "no timeout record: $(cat hang.txt)"
    ;;
  *) fail "unknown test $which" ;;
esac
