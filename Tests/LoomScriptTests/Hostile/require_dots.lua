-- expect: runtime: module name '..' is not valid
require('..')
