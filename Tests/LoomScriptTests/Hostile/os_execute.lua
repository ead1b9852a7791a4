-- expect: runtime: attempt to call a nil value (field 'execute')
os.execute('touch /tmp/loom-escaped')
