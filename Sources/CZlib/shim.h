#include <zlib.h>

// inflateInit2 is a macro, which Swift does not import; this is the same call as a function.
static inline int airs_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
