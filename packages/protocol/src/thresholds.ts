/**
 * Cosine-similarity thresholds calibrated for the recognizers this project knows by model id
 * (`<name>@<sha256 prefix>`, as `@attendance/vision` reports them). Each was chosen on `lfw-dev`
 * (2 enrolled photos per person, the other 4 as probes, 200 strangers) as the value that accepts no stranger
 * while keeping ≥ 98 % of genuine probes; see packages/vision/README.md for the measured rates.
 * One exception is marked below: a publisher's threshold kept until the model can be measured here.
 * This is the one table: the server uses it unless `MODEL_THRESHOLDS` names the model (other models use
 * `SIMILARITY_THRESHOLD`), and the edge and the web app get it through `@attendance/models`' known recognizers.
 */
export const CALIBRATED_THRESHOLDS: Readonly<Record<string, number>> = Object.freeze({
  'faceplugin-512@87aacdfe': 0.42,
  'mobilefacenet-128@e72a5710': 0.44,
  'intel-reid-0095-256@20c1601d': 0.46,
  // OpenCV's published threshold for SFace, not calibrated here (no copy of the weights to measure).
  'sface-128@0ba9fbfa': 0.363,
});
