-- expect: runtime: module name '../../etc/passwd' is not valid
require('../../etc/passwd')
