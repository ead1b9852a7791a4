return require('loopa')
