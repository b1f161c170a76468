-- DescribeNetworkInterfaces by id (ENIS: comma-separated ids; each wrk thread asks for one of them).
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local enis = {}
  for e in string.gmatch(os.getenv("ENIS"), "[^,]+") do table.insert(enis, e) end
  local eni = enis[(id % #enis) + 1]
  body = "Action=DescribeNetworkInterfaces&Version=2016-11-15&NetworkInterfaceId.1=" .. eni
end

function request()
  return wrk.format("POST", "/", { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" }, body)
end
