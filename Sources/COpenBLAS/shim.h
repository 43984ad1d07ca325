// Declarations only: TensorEngine loads libopenblas with dlopen after choosing
// OPENBLAS_CORETYPE, because OpenBLAS reads that variable once, when it loads.
#include <cblas.h>
