// Letterbox kernels for the face detector: RGB bytes (HWC) -> normalised float planes (NCHW), with
// WebAssembly SIMD. Built by scripts/build-wasm.sh into src/wasm/kernels.generated.ts; the JS
// implementation in src/image/letterbox-js.ts is the reference these must match (tested).
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

// Output pixel x of a vertically blended float row: [r g b _] interpolated horizontally, normalised.
static inline v128_t interpolate(const float *row, const int32_t *column_offset, const float *column_weight,
                                 int x, v128_t scale, v128_t offset) {
  const float *p = row + column_offset[x];
  const v128_t w = wasm_v128_load32_splat(column_weight + x);
  const v128_t left = wasm_v128_load(p), right = wasm_v128_load(p + 3);
  return wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_add(left, wasm_f32x4_mul(wasm_f32x4_sub(right, left), w)), scale),
                        offset);
}

// Bilinear, pixel-centre aligned (OpenCV INTER_LINEAR): output rows `first .. first + rows` of the image
// (`src_width × src_height` RGB bytes) scaled to `columns × scaled_height`. `taps` is scratch for
// 2 · columns words, `row` for 3 · src_width + 16 floats. The source buffer must have 16 readable bytes
// after its last pixel.
//
// Two passes per output row: the two source rows are blended vertically into floats (16 bytes at a time,
// widening by lanes), then each output pixel interpolates horizontally from that float row with plain
// 16-byte loads. Widening bytes to floats is the costly part on x86 (one shuffle per step); done per
// source byte in bulk it costs a third of widening four taps per output pixel.
__attribute__((export_name("letterbox_resize"))) void letterbox_resize(const uint8_t *src, int src_width,
                                                                       int src_height, int columns,
                                                                       int scaled_height, int first, int rows,
                                                                       float *out, int out_width,
                                                                       int plane_stride, const Affine *a,
                                                                       int32_t *taps, float *row) {
  // Per output column: float offset of the left source pixel in `row` and the right pixel's weight, 0
  // where the right pixel is clamped onto the left one. The loop always reads the next pixel, up to 3
  // floats past the row: those must be finite (0 · NaN is NaN), so they are zeroed below.
  int32_t *column_offset = taps;
  float *column_weight = (float *)(taps + columns);
  const double ratio_x = (double)src_width / columns, ratio_y = (double)src_height / scaled_height;
  for (int x = 0; x < columns; x++) {
    double w;
    const int left = source_tap(x, ratio_x, src_width, &w);
    column_offset[x] = left * 3;
    column_weight[x] = left + 1 < src_width ? (float)w : 0.0f;
  }
  float *plane0 = out + a->plane[0] * plane_stride, *plane1 = out + a->plane[1] * plane_stride,
        *plane2 = out + a->plane[2] * plane_stride;
  const v128_t scale = affine_vector(a->scale), offset = affine_vector(a->offset);
  const v128_t bits = letterbox_float_bits;
  const int row_bytes = src_width * 3;
  // The vertical pass writes [0, row_bytes) rounded up to 16 floats; the scratch may hold anything beyond.
  wasm_v128_store(row + row_bytes, wasm_f32x4_splat(0.0f));
  for (int i = 0; i < rows; i++) {
    double wy;
    const int top_row = source_tap(first + i, ratio_y, src_height, &wy);
    const int bottom_row = top_row + 1 < src_height ? top_row + 1 : top_row;
    const uint8_t *top = src + top_row * row_bytes, *bottom = src + bottom_row * row_bytes;
    const v128_t weight_y = wasm_f32x4_splat((float)wy);
    for (int k = 0; k < row_bytes; k += 16) {
      const v128_t t8 = wasm_v128_load(top + k), b8 = wasm_v128_load(bottom + k);
      const v128_t t16[2] = {wasm_u16x8_extend_low_u8x16(t8), wasm_u16x8_extend_high_u8x16(t8)};
      const v128_t b16[2] = {wasm_u16x8_extend_low_u8x16(b8), wasm_u16x8_extend_high_u8x16(b8)};
      for (int h = 0; h < 2; h++) {
        // Biased floats 2^23 + x (exact); bottom minus top needs no unbiasing.
        const v128_t t_lo = wasm_v128_or(wasm_u32x4_extend_low_u16x8(t16[h]), bits);
        const v128_t t_hi = wasm_v128_or(wasm_u32x4_extend_high_u16x8(t16[h]), bits);
        const v128_t b_lo = wasm_v128_or(wasm_u32x4_extend_low_u16x8(b16[h]), bits);
        const v128_t b_hi = wasm_v128_or(wasm_u32x4_extend_high_u16x8(b16[h]), bits);
        float *r = row + k + 8 * h;
        wasm_v128_store(r, wasm_f32x4_add(wasm_f32x4_sub(t_lo, bits),
                                          wasm_f32x4_mul(wasm_f32x4_sub(b_lo, t_lo), weight_y)));
        wasm_v128_store(r + 4, wasm_f32x4_add(wasm_f32x4_sub(t_hi, bits),
                                              wasm_f32x4_mul(wasm_f32x4_sub(b_hi, t_hi), weight_y)));
      }
    }
    float *d0 = plane0 + i * out_width, *d1 = plane1 + i * out_width, *d2 = plane2 + i * out_width;
    int x = 0;
    for (; x + 4 <= columns; x += 4) {
      // Four pixels [r g b _], transposed into one vector per channel as in letterbox_copy.
      const v128_t p0 = interpolate(row, column_offset, column_weight, x, scale, offset),
                   p1 = interpolate(row, column_offset, column_weight, x + 1, scale, offset),
                   p2 = interpolate(row, column_offset, column_weight, x + 2, scale, offset),
                   p3 = interpolate(row, column_offset, column_weight, x + 3, scale, offset);
      const v128_t rg01 = wasm_i32x4_shuffle(p0, p1, 0, 4, 1, 5), rg23 = wasm_i32x4_shuffle(p2, p3, 0, 4, 1, 5);
      const v128_t b01 = wasm_i32x4_shuffle(p0, p1, 2, 6, 3, 7), b23 = wasm_i32x4_shuffle(p2, p3, 2, 6, 3, 7);
      wasm_v128_store(d0 + x, wasm_i32x4_shuffle(rg01, rg23, 0, 1, 4, 5));
      wasm_v128_store(d1 + x, wasm_i32x4_shuffle(rg01, rg23, 2, 3, 6, 7));
      wasm_v128_store(d2 + x, wasm_i32x4_shuffle(b01, b23, 0, 1, 4, 5));
    }
    for (; x < columns; x++) {
      const v128_t value = interpolate(row, column_offset, column_weight, x, scale, offset);
      wasm_v128_store32_lane(d0 + x, value, 0);
      wasm_v128_store32_lane(d1 + x, value, 1);
      wasm_v128_store32_lane(d2 + x, value, 2);
    }
    pad(d0, columns, out_width, a->offset[0]);
    pad(d1, columns, out_width, a->offset[1]);
    pad(d2, columns, out_width, a->offset[2]);
  }
}
