/** Version of the wire protocol carried by live events (`v`) and implied by the `/v1` route prefix. */
export const PROTOCOL_VERSION = 1;

/** Embedding dimension of the original system (InsightFace buffalo_s) and of the compatibility routes. */
export const DEFAULT_EMBEDDING_DIM = 512;

/** Upper bound on any embedding's length, far above every real recognizer (128–512). */
export const MAX_EMBEDDING_DIM = 4096;

/** At most this many faces in one identify request (one frame). */
export const MAX_FACES_PER_IDENTIFY = 32;

/** At most this many templates in one enrollment request. */
export const MAX_TEMPLATES_PER_REQUEST = 64;

/** Model ids are short, stable strings such as `faceplugin-512@87aacdfe`. */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@:+-]{0,99}$/;

/** Camera ids: short printable identifiers chosen by the operator (`entrance-1`, `Pro_Cam_01`). */
export const CAMERA_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
