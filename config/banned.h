/* SPDX-License-Identifier: MIT
 * banned.h - functions that invite overflows or hide errors (style.md 10.13). Using one is a
 * compile error. Included last by cs_setup.h, so system headers are not affected.
 */
#ifndef CS_BANNED_H
#define CS_BANNED_H

#define CS_BANNED(func) sorry_##func##_is_banned_in_consentscan

#undef strcpy
#define strcpy(a, b) CS_BANNED(strcpy)
#undef strcat
#define strcat(a, b) CS_BANNED(strcat)
#undef strncpy
#define strncpy(a, b, n) CS_BANNED(strncpy)
#undef strncat
#define strncat(a, b, n) CS_BANNED(strncat)
#undef sprintf
#define sprintf(...) CS_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) CS_BANNED(vsprintf)
#undef strtok
#define strtok(a, b) CS_BANNED(strtok)
#undef gets
#define gets(a) CS_BANNED(gets)
#undef atoi
#define atoi(a) CS_BANNED(atoi)
#undef atol
#define atol(a) CS_BANNED(atol)
#undef gmtime
#define gmtime(t) CS_BANNED(gmtime)
#undef localtime
#define localtime(t) CS_BANNED(localtime)
#undef ctime
#define ctime(t) CS_BANNED(ctime)
#undef asctime
#define asctime(t) CS_BANNED(asctime)

#endif
