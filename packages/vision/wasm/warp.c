// Affine warp for face alignment: RGB bytes -> RGB bytes, bilinear, black outside the frame (OpenCV
// warpAffine with BORDER_CONSTANT), with WebAssembly SIMD. The JS implementation in
// src/align/warp-affine.ts is the reference this must match (tested): source coordinates, the border tests
// and the border pixels are computed exactly as there, in double precision; interior pixels interpolate
// their four neighbours in float32, horizontally then vertically (at most one level off, rarely).
//
// The caller copies only the part of the frame the warp can touch (`crop_*`, in frame pixels), so a face
// costs a copy of its own region instead of the whole frame.
#include <stdint.h>
#include <wasm_simd128.h>

// Destination -> source mapping: x = m[0]·u + m[1]·v + m[2], y = m[3]·u + m[4]·v + m[5].
typedef struct {
  double m[6];
} Inverse;

// 2^23 as float bits: OR-ed with a byte gives the float 2^23 + byte exactly (mutable: see letterbox.c).
v128_t warp_float_bits = {0x4B000000, 0x4B000000, 0x4B000000, 0x4B000000};

// One RGB pixel as floats [r, g, b, next byte] (reads 8 bytes).
static inline v128_t pixel(const uint8_t *p, v128_t bits) {
  return wasm_f32x4_sub(wasm_v128_or(wasm_u32x4_extend_low_u16x8(wasm_u16x8_load8x8(p)), bits), bits);
}

// Pixel (u, v) on the frame border: the reference's per-tap tests, scalar, for the few pixels that need them.
static void border_pixel(const uint8_t *crop, int stride, int x0, int y0, double fx, double fy, int max_x,
                         int max_y, uint8_t *out) {
  const double w00 = x0 >= 0 && y0 >= 0 ? (1 - fx) * (1 - fy) : 0;
  const double w01 = x0 < max_x && y0 >= 0 ? fx * (1 - fy) : 0;
  const double w10 = x0 >= 0 && y0 < max_y ? (1 - fx) * fy : 0;
  const double w11 = x0 < max_x && y0 < max_y ? fx * fy : 0;
  for (int ch = 0; ch < 3; ch++) {
    // Taps with weight 0 are never read: they may lie outside the copied region.
    const double value = (w00 ? w00 * crop[ch] : 0) + (w01 ? w01 * crop[3 + ch] : 0) +
                         (w10 ? w10 * crop[stride + ch] : 0) + (w11 ? w11 * crop[stride + 3 + ch] : 0);
    out[ch] = (uint8_t)__builtin_floor(value + 0.5);
  }
}

// Writes `width × height` RGB pixels to `out` (which needs 1 spare byte after its end: each pixel is stored
// as 4 bytes, the 4th overwritten by the next one). `crop` holds frame rows crop_y.. and columns crop_x..
// (`crop_width` pixels per row) with 8 readable bytes after its last pixel; it must contain every pixel
// the warp reads.
__attribute__((export_name("warp_affine"))) void warp_affine(const uint8_t *crop, int crop_x, int crop_y,
                                                             int crop_width, int frame_width,
                                                             int frame_height, uint8_t *out, int width,
                                                             int height, const Inverse *inverse) {
  const double a = inverse->m[0], b = inverse->m[1], c = inverse->m[2];
  const double d = inverse->m[3], e = inverse->m[4], f = inverse->m[5];
  const int max_x = frame_width - 1, max_y = frame_height - 1, stride = crop_width * 3;
  const v128_t bits = warp_float_bits;
  uint8_t *o = out;
  for (int v = 0; v < height; v++) {
    for (int u = 0; u < width; u++, o += 3) {
      const double x = a * u + b * v + c;
      const double y = d * u + e * v + f;
      if (!(x > -1 && y > -1 && x < frame_width && y < frame_height)) {
        o[0] = o[1] = o[2] = 0;
        continue;
      }
      const int x0 = (int)__builtin_floor(x), y0 = (int)__builtin_floor(y);
      const double fx = x - x0, fy = y - y0;
      const uint8_t *p = crop + (y0 - crop_y) * stride + (x0 - crop_x) * 3;
      if (!(x0 >= 0 && y0 >= 0 && x0 < max_x && y0 < max_y)) {
        border_pixel(p, stride, x0, y0, fx, fy, max_x, max_y, o);
        continue;
      }
      const v128_t wx = wasm_f32x4_splat((float)fx), wy = wasm_f32x4_splat((float)fy);
      const v128_t p00 = pixel(p, bits), p01 = pixel(p + 3, bits);
      const v128_t p10 = pixel(p + stride, bits), p11 = pixel(p + stride + 3, bits);
      const v128_t top = wasm_f32x4_add(p00, wasm_f32x4_mul(wx, wasm_f32x4_sub(p01, p00)));
      const v128_t bottom = wasm_f32x4_add(p10, wasm_f32x4_mul(wx, wasm_f32x4_sub(p11, p10)));
      const v128_t sum = wasm_f32x4_add(top, wasm_f32x4_mul(wy, wasm_f32x4_sub(bottom, top)));
      // Rounded to the nearest integer by adding 2^23 (float32 has no fraction bits left there), read back
      // as an integer: i32x4.trunc_sat costs V8 twice the rest of the pixel. Ties round to even, where the
      // reference rounds half up: a one-level difference on exact halves.
      const v128_t rounded = wasm_i32x4_sub(wasm_f32x4_add(sum, bits), bits);
      const v128_t bytes = wasm_u8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(rounded, rounded),
                                                   wasm_i16x8_narrow_i32x4(rounded, rounded));
      wasm_v128_store32_lane(o, bytes, 0);
    }
  }
}
