// The lighthouse's story. The world's functions answer the EXTERNALs it declares; the facts
// of the generated map set the globals of the same names; a line starting with `>>>` runs a
// command of world.lua.
EXTERNAL generate(instruction, fallback)
EXTERNAL grammar(symbol)
EXTERNAL weather()

VAR keeper = ""
VAR wrecks = 0
VAR lamp_lit = false
VAR oil = false

The cart leaves you where the road ends and the headland begins.
They told you in town that {keeper} keeps the light out here. {grammar("rumour")}
-> DONE

=== cottage ===
{cottage > 1:The cottage again. {keeper} looks up from the stove.|A low cottage of whitewashed stone. {keeper} opens the door before you knock.}
{lamp_lit:"The light is burning again," says {keeper}. "No ship will break on the rocks tonight."|"The lamp went out last night," says {keeper}. "{wrecks} ships have broken on these rocks."}
* [Ask about the lamp]
    "The oil is gone. There is a can in the cove, if the tide lets you reach it."
* [Ask about the weather]
    "{weather()}"
- -> DONE

=== cove ===
The cove is a bite of black sand under the cliff.
The sea {generate("The sea", "pulls at the shingle and lets it go.")}
{oil:
    Nothing else is here.
    -> DONE
}
A can of lamp oil is wedged between two rocks.
* [Take the oil]
    ~ oil = true
    You carry the can up the cliff path.
* [Leave it]
    You leave the can to the tide.
- -> DONE

=== lighthouse ===
The lighthouse stands white against the sky. {lamp_lit:Its lamp turns over the sea.|Its lamp is dark.}
{lamp_lit:
    -> DONE
}
+ {oil} [Fill and light the lamp]
    >>> light_lamp
    {wrecks > 3:No more ships will break here.|The ships will see the rocks tonight.}
+ [Climb down again]
    You climb down again.
- -> DONE
