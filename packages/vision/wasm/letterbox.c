// Letterbox kernels for the face detector: RGB bytes (HWC) -> normalised float planes (NCHW), with
// WebAssembly SIMD. Built by scripts/build-wasm.sh into src/wasm/kernels.generated.ts; the JS
// implementation in src/image/letterbox-js.ts is the reference these must match (tested): the copy within
// float32 rounding, the resize within half a grey level (it works in fixed point).
//
// Both kernels write output rows into three planes `plane_stride` floats apart (the tensor's width ×
// height), indexed by destination plane, with `out` at the first row written.
// Columns from the image's width up to out_width get the channel's black (right padding).
#include <stdint.h>
#include <wasm_simd128.h>

// Per source channel (R, G, B): value * scale + offset goes to destination plane `plane`.
typedef struct {
  float scale[4];
  float offset[4];
  int32_t plane[4];
} Affine;

static inline v128_t affine_vector(const float *v) { return wasm_f32x4_make(v[0], v[1], v[2], 0.0f); }

// 2^23 as float bits: OR-ing a byte x into them gives the float 2^23 + x, so (bits | x) - 2^23 = x exactly.
// A mutable global on purpose: were it a constant, clang would fold the conversion into a scalarised
// uint->float (one lane at a time) and V8 would rebuild the constant inside every loop iteration.
v128_t letterbox_float_bits = {0x4B000000, 0x4B000000, 0x4B000000, 0x4B000000};

// One RGB pixel as floats 2^23 + [r, g, b, next byte] (reads 8 bytes), by widening loads: byte shuffles
// cost more because V8 rebuilds their constant mask on every use.
static inline v128_t biased_pixel(const uint8_t *p, v128_t bits) {
  return wasm_v128_or(wasm_u32x4_extend_low_u16x8(wasm_u16x8_load8x8(p)), bits);
}

// One RGB pixel as floats [r, g, b, next byte].
static inline v128_t load_pixel(const uint8_t *p, v128_t bits) {
  return wasm_f32x4_sub(biased_pixel(p, bits), bits);
}

// Black (byte 0 normalised) from `from` to `to` in one row of a plane. Cold: kept small, not unrolled.
__attribute__((noinline)) static void pad(float *row, int from, int to, float black) {
  v128_t b = wasm_f32x4_splat(black);
  int x = from;
#pragma clang loop unroll(disable)
  for (; x + 4 <= to; x += 4) wasm_v128_store(row + x, b);
#pragma clang loop unroll(disable)
  for (; x < to; x++) row[x] = black;
}

// Scale 1: `rows` image rows of `width` pixels starting at `src`, normalised, no interpolation.
__attribute__((export_name("letterbox_copy"))) void letterbox_copy(const uint8_t *src, int width, int rows,
                                                                   float *out, int out_width,
                                                                   int plane_stride, const Affine *a) {
  float *plane0 = out + a->plane[0] * plane_stride, *plane1 = out + a->plane[1] * plane_stride,
        *plane2 = out + a->plane[2] * plane_stride;
  const v128_t m0 = wasm_f32x4_splat(a->scale[0]), m1 = wasm_f32x4_splat(a->scale[1]),
               m2 = wasm_f32x4_splat(a->scale[2]);
  const v128_t o0 = wasm_f32x4_splat(a->offset[0]), o1 = wasm_f32x4_splat(a->offset[1]),
               o2 = wasm_f32x4_splat(a->offset[2]);
  const v128_t bits = letterbox_float_bits;
  for (int y = 0; y < rows; y++) {
    const uint8_t *s = src + y * width * 3;
    float *d0 = plane0 + y * out_width, *d1 = plane1 + y * out_width, *d2 = plane2 + y * out_width;
    int x = 0;
    for (; x + 4 <= width; x += 4, s += 12) {
      // Four pixels [r g b _] transposed into one vector per channel (32-bit lane shuffles, which V8
      // maps to single unpck/movlh/movhl instructions).
      const v128_t p0 = load_pixel(s, bits), p1 = load_pixel(s + 3, bits), p2 = load_pixel(s + 6, bits),
                   p3 = load_pixel(s + 9, bits);
      const v128_t rg01 = wasm_i32x4_shuffle(p0, p1, 0, 4, 1, 5), rg23 = wasm_i32x4_shuffle(p2, p3, 0, 4, 1, 5);
      const v128_t b01 = wasm_i32x4_shuffle(p0, p1, 2, 6, 3, 7), b23 = wasm_i32x4_shuffle(p2, p3, 2, 6, 3, 7);
      const v128_t r = wasm_i32x4_shuffle(rg01, rg23, 0, 1, 4, 5);
      const v128_t g = wasm_i32x4_shuffle(rg01, rg23, 2, 3, 6, 7);
      const v128_t b = wasm_i32x4_shuffle(b01, b23, 0, 1, 4, 5);
      wasm_v128_store(d0 + x, wasm_f32x4_add(wasm_f32x4_mul(r, m0), o0));
      wasm_v128_store(d1 + x, wasm_f32x4_add(wasm_f32x4_mul(g, m1), o1));
      wasm_v128_store(d2 + x, wasm_f32x4_add(wasm_f32x4_mul(b, m2), o2));
    }
    for (; x < width; x++, s += 3) {
      d0[x] = s[0] * a->scale[0] + a->offset[0];
      d1[x] = s[1] * a->scale[1] + a->offset[1];
      d2[x] = s[2] * a->scale[2] + a->offset[2];
    }
    pad(d0, width, out_width, a->offset[0]);
    pad(d1, width, out_width, a->offset[1]);
    pad(d2, width, out_width, a->offset[2]);
  }
}

// Source position of output index i when `ratio` = source size / output size: the left (top) source index,
// clamped to the last one, and the right (bottom) neighbour's weight. Double precision, as the JS reference.
static inline int source_tap(int i, double ratio, int size, double *weight) {
  double s = (i + 0.5) * ratio - 0.5;
  if (s < 0) s = 0;
  int first = (int)__builtin_floor(s);
  if (first > size - 1) first = size - 1;
  *weight = s - first;
  return first;
}

// Fixed point of the resize: blended rows hold 1/128 grey levels (255 · 128 fits a signed 16-bit lane),
// vertical weights have 8 bits (a widening byte multiply) and horizontal weights are Q14 (both weights of
// a pair fit a signed 16-bit lane).
#define VERTICAL_ONE 256
#define ROW_FRACTION_BITS 7
#define HORIZONTAL_ONE 16384

// Output pixel at `p` (the left source pixel in a blended row): each channel paired with its right
// neighbour, [r r' g g' b b' _ _], so that one dot product applies the column's weights [wl wr wl wr wl wr
// 0 0]: [r g b 0] in 1/(128 · 16384) grey levels.
static inline v128_t interpolate(const int16_t *p, v128_t weights) {
  const v128_t left = wasm_v128_load64_zero(p), right = wasm_v128_load64_zero(p + 3);
  return wasm_i32x4_dot_i16x8(wasm_i16x8_shuffle(left, right, 0, 8, 1, 9, 2, 10, 3, 11), weights);
}

// Fixed-point values to normalised floats: value · scale + offset (`scale` includes the fixed-point units).
static inline v128_t normalise(v128_t value, v128_t scale, v128_t offset) {
  return wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_convert_i32x4(value), scale), offset);
}

// Per output row of the resize: byte offsets of its two source rows and the bottom row's weight.
typedef struct {
  int32_t top, bottom, weight;
} RowTap;

// Bilinear, pixel-centre aligned (OpenCV INTER_LINEAR): the image (`src_width × src_height` RGB bytes)
// scaled to `columns × rows`. `taps` is 16-byte aligned scratch for 20 · columns + 12 · rows bytes, which
// keeps the taps for the next frame of the same geometry (`taps_ready`); `row` is scratch for
// 3 · src_width + 32 16-bit values. The source buffer must have 16 readable bytes after its last pixel.
//
// Two passes per output row, in integer arithmetic until one final multiply-add: the two source rows are
// blended vertically into 16-bit values (16 bytes at a time, with widening byte multiplies), then each
// output pixel applies its column's weights to that row with one dot product. The vertical weight is
// rounded to 1/256, which bounds the error by half a grey level on the sharpest edge (the rounding
// OpenCV's own 8-bit resize applies to every pixel); the rest adds under 0.02 (tested within 0.52). Float
// arithmetic, whose byte-to-float widening dominated, took about 1.6× as long.
__attribute__((export_name("letterbox_resize"))) void letterbox_resize(const uint8_t *src, int src_width,
                                                                       int src_height, int columns, int rows,
                                                                       float *out, int out_width,
                                                                       int plane_stride, const Affine *a,
                                                                       v128_t *taps, int16_t *row,
                                                                       int taps_ready) {
  // Per output column: its weights vector, then (after all of them) the offset of its left source pixel
  // in `row`. The right pixel's weight is 0 where it is clamped onto the left one; the loads still read
  // it, past the row's last pixel, from values that are finite whatever they hold (integers).
  v128_t *column_weights = taps;
  int32_t *column_offset = (int32_t *)(taps + columns);
  RowTap *row_taps = (RowTap *)(column_offset + columns);
  const int row_bytes = src_width * 3;
  if (!taps_ready) {
    const double ratio_x = (double)src_width / columns, ratio_y = (double)src_height / rows;
    for (int x = 0; x < columns; x++) {
      double w;
      const int left = source_tap(x, ratio_x, src_width, &w);
      column_offset[x] = left * 3;
      const int16_t right = left + 1 < src_width ? (int16_t)(w * HORIZONTAL_ONE + 0.5) : 0;
      const int16_t own = HORIZONTAL_ONE - right;
      column_weights[x] = wasm_i16x8_make(own, right, own, right, own, right, 0, 0);
    }
    for (int i = 0; i < rows; i++) {
      double w;
      const int top = source_tap(i, ratio_y, src_height, &w);
      // A weight that rounds to 0 or 256 blends a row with itself at 128 (256 does not fit a byte).
      const int weight = (int)(w * VERTICAL_ONE + 0.5);
      const int bottom = weight == 0 ? top : top + 1 < src_height ? top + 1 : top;
      row_taps[i].top = (weight == VERTICAL_ONE ? bottom : top) * row_bytes;
      row_taps[i].bottom = bottom * row_bytes;
      row_taps[i].weight = weight == 0 || weight == VERTICAL_ONE ? VERTICAL_ONE / 2 : weight;
    }
  }
  float *plane0 = out + a->plane[0] * plane_stride, *plane1 = out + a->plane[1] * plane_stride,
        *plane2 = out + a->plane[2] * plane_stride;
  const float unit = 1.0f / (HORIZONTAL_ONE << ROW_FRACTION_BITS);
  const v128_t scale = wasm_f32x4_mul(affine_vector(a->scale), wasm_f32x4_splat(unit));
  const v128_t offset = affine_vector(a->offset);
  const v128_t scale0 = wasm_f32x4_splat(a->scale[0] * unit), scale1 = wasm_f32x4_splat(a->scale[1] * unit),
               scale2 = wasm_f32x4_splat(a->scale[2] * unit);
  const v128_t offset0 = wasm_f32x4_splat(a->offset[0]), offset1 = wasm_f32x4_splat(a->offset[1]),
               offset2 = wasm_f32x4_splat(a->offset[2]);
  for (int i = 0; i < rows; i++) {
    // top · (256 − w) + bottom · w in 1/256 grey levels (exact in unsigned 16 bits), halved to fit the
    // signed lanes of the dot product.
    const uint8_t *top = src + row_taps[i].top, *bottom = src + row_taps[i].bottom;
    const int weight = row_taps[i].weight;
    const v128_t top_weight = wasm_i8x16_splat(VERTICAL_ONE - weight), bottom_weight = wasm_i8x16_splat(weight);
    for (int k = 0; k < row_bytes; k += 16) {
      const v128_t t = wasm_v128_load(top + k), b = wasm_v128_load(bottom + k);
      const v128_t low = wasm_i16x8_add(wasm_u16x8_extmul_low_u8x16(t, top_weight),
                                        wasm_u16x8_extmul_low_u8x16(b, bottom_weight));
      const v128_t high = wasm_i16x8_add(wasm_u16x8_extmul_high_u8x16(t, top_weight),
                                         wasm_u16x8_extmul_high_u8x16(b, bottom_weight));
      wasm_v128_store(row + k, wasm_u16x8_shr(low, 8 - ROW_FRACTION_BITS));
      wasm_v128_store(row + k + 8, wasm_u16x8_shr(high, 8 - ROW_FRACTION_BITS));
    }
    float *d0 = plane0 + i * out_width, *d1 = plane1 + i * out_width, *d2 = plane2 + i * out_width;
    int x = 0;
    for (; x + 4 <= columns; x += 4) {
      // Four pixels [r g b _], transposed into one vector per channel as in letterbox_copy, then normalised.
      const v128_t p0 = interpolate(row + column_offset[x], column_weights[x]),
                   p1 = interpolate(row + column_offset[x + 1], column_weights[x + 1]),
                   p2 = interpolate(row + column_offset[x + 2], column_weights[x + 2]),
                   p3 = interpolate(row + column_offset[x + 3], column_weights[x + 3]);
      const v128_t rg01 = wasm_i32x4_shuffle(p0, p1, 0, 4, 1, 5), rg23 = wasm_i32x4_shuffle(p2, p3, 0, 4, 1, 5);
      const v128_t b01 = wasm_i32x4_shuffle(p0, p1, 2, 6, 3, 7), b23 = wasm_i32x4_shuffle(p2, p3, 2, 6, 3, 7);
      wasm_v128_store(d0 + x, normalise(wasm_i32x4_shuffle(rg01, rg23, 0, 1, 4, 5), scale0, offset0));
      wasm_v128_store(d1 + x, normalise(wasm_i32x4_shuffle(rg01, rg23, 2, 3, 6, 7), scale1, offset1));
      wasm_v128_store(d2 + x, normalise(wasm_i32x4_shuffle(b01, b23, 0, 1, 4, 5), scale2, offset2));
    }
    for (; x < columns; x++) {
      const v128_t value = normalise(interpolate(row + column_offset[x], column_weights[x]), scale, offset);
      wasm_v128_store32_lane(d0 + x, value, 0);
      wasm_v128_store32_lane(d1 + x, value, 1);
      wasm_v128_store32_lane(d2 + x, value, 2);
    }
    pad(d0, columns, out_width, a->offset[0]);
    pad(d1, columns, out_width, a->offset[1]);
    pad(d2, columns, out_width, a->offset[2]);
  }
}
