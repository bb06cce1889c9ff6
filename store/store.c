/* placeholder while the module is written */
typedef int cs_placeholder_unit;
