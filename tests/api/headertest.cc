// The public headers compile alone, strictly, as C++.
#include <cancu/cancu.h>

int cancu_headertest_cxx();

int cancu_headertest_cxx()
{
    return CANCU_STATUS_SUCCESS;
}
