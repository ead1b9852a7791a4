return require('loopb')
