-- expect: runtime: attempt to call a nil value (field 'remove')
os.remove('/tmp/anything')
