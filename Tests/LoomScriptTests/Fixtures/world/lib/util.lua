local util = {}
function util.double(x) return x * 2 end
return util
