import { useEffect, useRef, useState } from "react";
import type { LabIslandProps } from "../../components/lab/lab-island-props";

/** The lab editor island. Wiring only: state lives in lab-session.ts, rendering in the panels. */
export default function LabIsland(props: LabIslandProps) {
  const root = useRef<HTMLDivElement>(null);
  const [code, setCode] = useState(props.starter);
  useEffect(() => {
    root.current?.closest(".lab")?.setAttribute("data-island-ready", "");
  }, []);
  return (
    <div ref={root} className="lab-island">
      <label>
        <span>{props.editableFile}</span>
        <textarea
          value={code}
          spellCheck={false}
          onChange={(e) => setCode(e.currentTarget.value)}
        />
      </label>
    </div>
  );
}
