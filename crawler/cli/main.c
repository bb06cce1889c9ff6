/* SPDX-License-Identifier: MIT
 * main.c - placeholder entry point while the CLI is written (replaced in this session).
 */
#include "cs_setup.h"

#include <stdio.h>

int main(void)
{
    puts("consentscan " CS_VERSION);
    return 0;
}
