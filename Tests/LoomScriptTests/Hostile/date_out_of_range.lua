-- expect: runtime: time out of range
return os.date('%c', math.maxinteger)
