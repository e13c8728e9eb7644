#include "tap.h"
int main(void){tap_ok(1,"stub");return tap_done();}
