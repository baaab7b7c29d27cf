/* The public headers compile alone, strictly, as C. */
#include <cancu/cancu.h>

int cancu_headertest_c(void);

int cancu_headertest_c(void)
{
    return CANCU_STATUS_SUCCESS;
}
