// The system zlib (Debian: zlib1g-dev), for the checksums compress-nio does not expose.
#include <zlib.h>
