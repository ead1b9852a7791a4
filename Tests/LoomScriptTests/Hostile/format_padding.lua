-- expect: runtime: invalid conversion
return string.format('%099999d', 1)
