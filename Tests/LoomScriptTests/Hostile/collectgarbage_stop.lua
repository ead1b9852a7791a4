-- expect: runtime: collectgarbage('stop') is not allowed in the sandbox
collectgarbage('stop')
