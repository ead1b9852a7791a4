-- expect: runtime: attempt to index a nil value (global 'package')
package.loadlib('/lib/x86_64-linux-gnu/libc.so.6', 'system')
