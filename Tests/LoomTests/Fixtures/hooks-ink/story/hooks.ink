EXTERNAL fact_number(name)
EXTERNAL double(n)
EXTERNAL heard_count()
VAR gate = "shut"
VAR nodes = 0
VAR keeper = ""
VAR offered = 0
-> Start

=== Start ===
{keeper} guards {fact_number("gold")} gold; twice that is {double(fact_number("gold"))}.
* [Open the gate]
    >>> open_gate wide
    The gate is {gate}.
* [Wait]
    >>> shrug
- I have said {heard_count()} lines before this one, after {offered} options.
-> DONE

=== Hall ===
The hall. Nodes started: {nodes}.
-> DONE
