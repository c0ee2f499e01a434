#!/bin/bash
# Embeds every photo of ../shared/faces with the edge's `attendance embed` (vision Node pipeline); batches, per-file fallback.
cd /work/main
out=/work/bench-data/real-faces.jsonl; : > $out
split -l 40 /work/bench-data/real-faces.list /tmp/rf-chunk-
for chunk in /tmp/rf-chunk-*; do
  if ! MODELS_DIR=/work/shared/models npm run -s attendance -w @attendance/edge -- embed $(cat $chunk) > /tmp/rf-out 2>>/work/bench-data/real-faces.err; then
    for f in $(cat $chunk); do
      MODELS_DIR=/work/shared/models npm run -s attendance -w @attendance/edge -- embed "$f" >> $out 2>>/work/bench-data/real-faces.err || echo "FAILED $f" >> /work/bench-data/real-faces.err
    done
  else cat /tmp/rf-out >> $out; fi
done
rm -f /tmp/rf-chunk-*
echo ALLDONE >> /work/bench-data/real-faces.err
