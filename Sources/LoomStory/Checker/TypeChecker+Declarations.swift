import LoomCore

/// A checked enum: its cases in order with their raw values.
struct EnumInfo {
    var name: String
    var cases: [(name: String, raw: StoryValue)]
    var rawType: StoryType
}

extension TypeChecker {
    mutating func checkEnums(_ declarations: [EnumDeclaration]) {
        for declaration in declarations {
            if enums[declaration.name] != nil || StoryType(builtinName: declaration.name) != nil {
                error("the type '\(declaration.name)' is already defined", at: declaration.location)
                continue
            }
            if declaration.cases.isEmpty {
                error("enum '\(declaration.name)' must have at least one case", at: declaration.location)
            }
            var seen: Set<String> = []
            var raws: [StoryValue?] = []
            for enumCase in declaration.cases {
                if !seen.insert(enumCase.name).inserted {
                    error("enum '\(declaration.name)' already has a case '\(enumCase.name)'", at: enumCase.location)
                }
                guard let raw = enumCase.rawValue else {
                    raws.append(nil)
                    continue
                }
                switch raw.kind {
                case .number(let value): raws.append(.number(value))
                case .string(let value): raws.append(.string(value))
                case .enumCase:
                    error("an enum case's raw value cannot be another enum's case", at: raw.location)
                    raws.append(nil)
                default:
                    error("an enum case's raw value must be a constant number or string", at: raw.location)
                    raws.append(nil)
                }
            }
            let hasStrings = raws.contains { if case .string? = $0 { return true } else { return false } }
            var cases: [(name: String, raw: StoryValue)] = []
            var next = 0.0
            for (index, enumCase) in declaration.cases.enumerated() {
                switch raws[index] {
                case .string(let value)?:
                    cases.append((enumCase.name, .string(value)))
                case .number(let value)?:
                    if hasStrings {
                        error("every raw value of '\(declaration.name)' must be a string", at: enumCase.location)
                    }
                    cases.append((enumCase.name, .number(value)))
                    next = value + 1
                default:
                    if hasStrings {
                        error(
                            "case '\(enumCase.name)' needs a raw value, as the other cases of '\(declaration.name)' have string raw values",
                            at: enumCase.location)
                    }
                    cases.append((enumCase.name, hasStrings ? .string(enumCase.name) : .number(next)))
                    next += 1
                }
            }
            var rawSeen: Set<StoryValue> = []
            for (index, enumCase) in cases.enumerated() where !rawSeen.insert(enumCase.raw).inserted {
                error(
                    "enum '\(declaration.name)' already has a case with the raw value \(enumCase.raw)",
                    at: declaration.cases[index].location)
            }
            enums[declaration.name] = EnumInfo(
                name: declaration.name, cases: cases, rawType: hasStrings ? .string : .number)
        }
    }

    mutating func checkDeclarations(_ declarations: [Declaration]) {
        for declaration in declarations {
            if variables[declaration.name] != nil {
                error("'\(declaration.name)' is already declared", at: declaration.location)
                continue
            }
            let type = solver.fresh()
            variables[declaration.name] = VariableInfo(
                name: declaration.name, type: type, declaration: declaration, firstUse: declaration.location)
        }
        for declaration in declarations {
            guard let info = variables[declaration.name], info.declaration?.location == declaration.location else {
                continue
            }
            let valueType = check(declaration.value)
            same(info.type, valueType, at: declaration.value.location, "the value of '\(declaration.name)'")
            if let typeName = declaration.typeName {
                if let builtin = StoryType(builtinName: typeName) {
                    expect(info.type, builtin, at: declaration.location, "'\(declaration.name)'")
                } else if enums[typeName] != nil {
                    expect(info.type, .enumeration(typeName), at: declaration.location, "'\(declaration.name)'")
                } else {
                    error("unknown type '\(typeName)'", at: declaration.location)
                }
            }
        }
        checkSmartVariables()
    }

    func variablesRead(by expr: Expr, into names: inout [String]) {
        switch expr.kind {
        case .variable(let name): names.append(name)
        case .unary(_, let operand): variablesRead(by: operand, into: &names)
        case .binary(_, let a, let b):
            variablesRead(by: a, into: &names)
            variablesRead(by: b, into: &names)
        case .call(_, let arguments): for argument in arguments { variablesRead(by: argument, into: &names) }
        default: break
        }
    }
}
