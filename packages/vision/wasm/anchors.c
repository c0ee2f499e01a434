// Anchor selection for the detector decoders: finds the few anchors (of 4,200 to 16,800 per frame) whose
// score passes the threshold, so the JS decoder only touches those. Same comparison as the JS reference in
// src/detect/anchor-select.ts: an anchor is kept unless its value is below the threshold (NaN is kept). The
// caller passes a threshold lowered by more than float32 rounding and re-checks the kept anchors exactly.
#include <stdint.h>
#include <wasm_simd128.h>

// min(1, max(0, v)) that keeps NaN, like JS Math.min/Math.max (C's fminf/fmaxf would drop it).
static inline float clip01(float v) { return v > 1.0f ? 1.0f : v < 0.0f ? 0.0f : v; }

// Appends index i of every kept value to `out`; returns how many.
static inline int keep_lanes(v128_t below, int base, int32_t *out, int count) {
  int keep = ~wasm_i32x4_bitmask(below) & 15;
  while (keep) {
    int lane = __builtin_ctz(keep);
    out[count++] = base + lane;
    keep &= keep - 1;
  }
  return count;
}

// Indices of `scores[0 .. n)` not below `threshold`.
__attribute__((export_name("select_scores"))) int select_scores(const float *scores, int n, float threshold,
                                                               int32_t *out) {
  const v128_t t = wasm_f32x4_splat(threshold);
  int count = 0, i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t below = wasm_f32x4_lt(wasm_v128_load(scores + i), t);
    if (!wasm_i32x4_all_true(below)) count = keep_lanes(below, i, out, count);
  }
  for (; i < n; i++) {
    if (!(scores[i] < threshold)) out[count++] = i;
  }
  return count;
}

// YuNet: indices where min(1, max(0, cls)) * min(1, max(0, obj)) is not below `threshold`.
__attribute__((export_name("select_products"))) int select_products(const float *cls, const float *obj, int n,
                                                                   float threshold, int32_t *out) {
  const v128_t t = wasm_f32x4_splat(threshold), zero = wasm_f32x4_splat(0.0f), one = wasm_f32x4_splat(1.0f);
  int count = 0, i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t c = wasm_f32x4_min(one, wasm_f32x4_max(zero, wasm_v128_load(cls + i)));
    const v128_t o = wasm_f32x4_min(one, wasm_f32x4_max(zero, wasm_v128_load(obj + i)));
    const v128_t below = wasm_f32x4_lt(wasm_f32x4_mul(c, o), t);
    if (!wasm_i32x4_all_true(below)) count = keep_lanes(below, i, out, count);
  }
  for (; i < n; i++) {
    if (!(clip01(cls[i]) * clip01(obj[i]) < threshold)) out[count++] = i;
  }
  return count;
}
